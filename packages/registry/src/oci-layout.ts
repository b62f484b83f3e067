import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hasBlob, type PushBlobResult, uploadBlob } from './blob-api.js';
import { digestAlgorithm, digestFile, digestOf } from './digest.js';
import { OciLayoutError } from './errors.js';
import { type Descriptor, isDescriptor, isImageIndex, type Manifest, parseManifest } from './manifest.js';
import { type ManifestDescriptor, putManifest, resolveManifest } from './manifest-api.js';
import type { RepositoryName } from './reference.js';
import type { Transport } from './transport.js';

export interface PushOciLayoutOptions {
  /** Repositories on the same registry to mount blobs from (e.g. the parent image's), tried in order. */
  readonly mountFrom?: readonly string[];
  /** Blobs uploaded at the same time (default 3). */
  readonly concurrency?: number;
}

/** The pushed manifest, and what happened to each blob (empty when the manifest was there already). */
export interface PushOciLayoutResult extends ManifestDescriptor {
  readonly blobs: readonly PushBlobResult[];
}

const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * Publishes the one image of an OCI image layout folder (`oci-layout`, `index.json`, `blobs/`) by
 * digest, without a tag: uploads the blobs the repository lacks (each verified against its digest
 * first), then PUTs the manifest under its digest. An index is pushed with its child manifests.
 * Nothing is uploaded when the repository already has the manifest.
 */
export async function pushOciLayout(
  transport: Transport,
  layoutDir: string,
  name: RepositoryName,
  options: PushOciLayoutOptions = {},
): Promise<PushOciLayoutResult> {
  await checkLayoutVersion(layoutDir);
  const top = await readTopDescriptor(layoutDir);
  const blobs: PushBlobResult[] = [];
  const pushed = await pushManifestTree(transport, { layoutDir, name, options, blobs }, top);
  return { ...pushed, blobs };
}

interface PushContext {
  readonly layoutDir: string;
  readonly name: RepositoryName;
  readonly options: PushOciLayoutOptions;
  readonly blobs: PushBlobResult[];
}

async function pushManifestTree(
  transport: Transport,
  context: PushContext,
  descriptor: Descriptor,
): Promise<ManifestDescriptor> {
  const { layoutDir, name } = context;
  const bytes = await readVerifiedBlob(layoutDir, descriptor);
  const parsed = parseManifest(bytes, descriptor.mediaType);
  if (typeof parsed === 'string') throw new OciLayoutError(layoutDir, `${descriptor.digest}: ${parsed}`);
  const pushed = { digest: descriptor.digest, mediaType: parsed.mediaType, size: bytes.length };
  const existing = await resolveManifest(transport, { ...name, digest: descriptor.digest });
  if (existing) return pushed;
  await pushChildren(transport, context, parsed.manifest);
  await putManifest(transport, name, descriptor.digest, { mediaType: parsed.mediaType, bytes });
  return pushed;
}

async function pushChildren(transport: Transport, context: PushContext, manifest: Manifest): Promise<void> {
  if (isImageIndex(manifest)) {
    for (const child of manifest.manifests) await pushManifestTree(transport, context, child);
    return;
  }
  const all = [manifest.config, ...manifest.layers];
  const unique = all.filter((blob, index) => all.findIndex((other) => other.digest === blob.digest) === index);
  const limit = context.options.concurrency ?? 3;
  // Check everything first, so that a corrupt layout uploads nothing.
  const checked = await mapLimit(unique, limit, (blob) => checkLayoutBlob(transport, context, blob));
  const uploads = await mapLimit(checked, limit, async (blob) => {
    if (blob.status !== 'missing') return blob.status === 'exists' ? blob.result : undefined;
    const source = { digest: blob.digest, size: blob.size, open: () => createReadStream(blob.path) };
    return uploadBlob(transport, context.name, source, { mountFrom: context.options.mountFrom ?? [] });
  });
  for (const result of uploads) if (result) context.blobs.push(result);
}

type CheckedBlob =
  | { readonly status: 'exists'; readonly result: PushBlobResult }
  | { readonly status: 'foreign' }
  | { readonly status: 'missing'; readonly digest: string; readonly size: number; readonly path: string };

/** Whether the repository has the blob; if not, checks the local file's size and digest. */
async function checkLayoutBlob(
  transport: Transport,
  context: PushContext,
  descriptor: Descriptor,
): Promise<CheckedBlob> {
  const { layoutDir, name } = context;
  const path = blobPath(layoutDir, descriptor.digest);
  const size = await fileSize(path);
  if (size === undefined) {
    if (descriptor.urls?.length) return { status: 'foreign' };
    throw new OciLayoutError(layoutDir, `blob ${descriptor.digest} is missing (expected ${path})`);
  }
  if (size !== descriptor.size) {
    throw new OciLayoutError(
      layoutDir,
      `blob ${descriptor.digest} has ${size} bytes, the manifest says ${descriptor.size}`,
    );
  }
  if (await hasBlob(transport, name, descriptor.digest)) {
    return { status: 'exists', result: { digest: descriptor.digest, size, status: 'exists' } };
  }
  const actual = await digestFile(path, digestAlgorithm(descriptor.digest));
  if (actual.digest !== descriptor.digest) {
    throw new OciLayoutError(layoutDir, `blob ${path} hashes to ${actual.digest}, not ${descriptor.digest}`);
  }
  return { status: 'missing', digest: descriptor.digest, size, path };
}

async function checkLayoutVersion(layoutDir: string): Promise<void> {
  const layout = await readJson(layoutDir, 'oci-layout');
  const version = (layout as { imageLayoutVersion?: unknown } | null)?.imageLayoutVersion;
  if (typeof version !== 'string' || !version.startsWith('1.')) {
    throw new OciLayoutError(layoutDir, `oci-layout has imageLayoutVersion ${JSON.stringify(version)}, expected 1.x`);
  }
}

async function readTopDescriptor(layoutDir: string): Promise<Descriptor> {
  const index = (await readJson(layoutDir, 'index.json')) as { manifests?: unknown } | null;
  const manifests = Array.isArray(index?.manifests) ? index.manifests : undefined;
  if (manifests?.length !== 1) {
    throw new OciLayoutError(
      layoutDir,
      `index.json lists ${manifests?.length ?? 'no'} manifests, expected exactly one`,
      'write each image to its own empty folder (`buildah push IMAGE oci:DIR` with a new DIR)',
    );
  }
  const [descriptor] = manifests as unknown[];
  if (!isDescriptor(descriptor))
    throw new OciLayoutError(layoutDir, 'the manifest entry of index.json is not a descriptor');
  return descriptor;
}

async function readVerifiedBlob(layoutDir: string, descriptor: Descriptor): Promise<Uint8Array> {
  if (descriptor.size > MAX_MANIFEST_BYTES) {
    throw new OciLayoutError(layoutDir, `manifest ${descriptor.digest} is ${descriptor.size} bytes, over 4 MiB`);
  }
  const path = blobPath(layoutDir, descriptor.digest);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new OciLayoutError(layoutDir, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  const actual = digestOf(bytes, digestAlgorithm(descriptor.digest));
  if (actual !== descriptor.digest || bytes.length !== descriptor.size) {
    throw new OciLayoutError(
      layoutDir,
      `blob ${path} hashes to ${actual} (${bytes.length} bytes), not ${descriptor.digest}`,
    );
  }
  return bytes;
}

async function readJson(layoutDir: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(join(layoutDir, file), 'utf8');
  } catch (error) {
    throw new OciLayoutError(layoutDir, `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new OciLayoutError(layoutDir, `${file} is not valid JSON`);
  }
}

function blobPath(layoutDir: string, digest: string): string {
  const [algorithm = '', hex = ''] = digest.split(':');
  if (!/^[a-z0-9]+$/.test(algorithm) || !/^[a-f0-9]+$/.test(hex)) {
    throw new OciLayoutError(layoutDir, `invalid digest ${JSON.stringify(digest)}`);
  }
  return join(layoutDir, 'blobs', algorithm, hex);
}

async function fileSize(path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Maps with at most `limit` calls running at once; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
