/**
 * Writes a tiny OCI image layout (oci-layout, index.json, blobs/sha256/…) without any container
 * tool: a config with labels, and one gzipped tar layer per entry of `layers`. Reusable by other
 * packages' tests that need an image to push.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export interface TestImageOptions {
  readonly labels?: Readonly<Record<string, string>>;
  /** One layer per entry: file path inside the image → content (default: one layer with /hello.txt). */
  readonly layers?: readonly Readonly<Record<string, string>>[];
  readonly os?: string;
  readonly architecture?: string;
  /** Add a `history` entry per layer, as real images have (buildah refuses to build FROM images without). */
  readonly history?: boolean;
}

export interface TestImage {
  readonly layoutDir: string;
  readonly manifestDigest: string;
  readonly manifestBytes: Uint8Array;
  readonly configDigest: string;
  readonly layerDigests: readonly string[];
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** Writes the layout into `layoutDir` (created if needed). */
export async function writeTestOciLayout(layoutDir: string, options: TestImageOptions = {}): Promise<TestImage> {
  await mkdir(join(layoutDir, 'blobs', 'sha256'), { recursive: true });
  const put = async (bytes: Uint8Array): Promise<string> => {
    const hex = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(layoutDir, 'blobs', 'sha256', hex), bytes);
    return `sha256:${hex}`;
  };
  const layerFiles = options.layers ?? [{ 'hello.txt': 'hello from a test image\n' }];
  const layers = [];
  const diffIds = [];
  for (const files of layerFiles) {
    const tar = makeTar(files);
    diffIds.push(`sha256:${createHash('sha256').update(tar).digest('hex')}`);
    const gz = gzipSync(tar);
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: await put(gz), size: gz.length });
  }
  const config = encode({
    created: '2024-01-01T00:00:00Z',
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    config: { Labels: options.labels ?? {}, Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: diffIds },
    ...(options.history
      ? { history: layerFiles.map((_, i) => ({ created: '2024-01-01T00:00:00Z', created_by: `test layer ${i}` })) }
      : {}),
  });
  const configDescriptor = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: await put(config),
    size: config.length,
  };
  const manifestBytes = encode({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers });
  const manifestDigest = await put(manifestBytes);
  const index = {
    schemaVersion: 2,
    manifests: [{ mediaType: OCI_MANIFEST, digest: manifestDigest, size: manifestBytes.length }],
  };
  await writeFile(join(layoutDir, 'index.json'), JSON.stringify(index));
  await writeFile(join(layoutDir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  return {
    layoutDir,
    manifestDigest,
    manifestBytes,
    configDigest: configDescriptor.digest,
    layerDigests: layers.map((layer) => layer.digest),
  };
}

function encode(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** A ustar archive of regular files (mode 0644, owner 0, mtime 0). */
export function makeTar(files: Readonly<Record<string, string>>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [path, text] of Object.entries(files)) {
    const content = Buffer.from(text, 'utf8');
    blocks.push(tarHeader(path, content.length), content, Buffer.alloc((512 - (content.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return new Uint8Array(Buffer.concat(blocks));
}

function tarHeader(path: string, size: number): Buffer {
  const header = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string): void => {
    header.write(value, offset, length, 'ascii');
  };
  field(0, 100, path);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of header) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return header;
}
