import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BuilderError } from './errors.js';

const DIGEST = /^(sha256|sha512):([a-f0-9]{64,128})$/;
const IMAGE_MANIFEST_TYPES = new Set([
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
]);

export interface OciLayoutImage {
  /** The digest of the one manifest (or index) in index.json. */
  readonly manifestDigest: string;
  readonly mediaType: string;
  /** The config blob's digest (the image ID), when the entry is an image manifest. */
  readonly configDigest: string | undefined;
}

/** The path of a blob in an OCI layout, refusing digests that are not `<algorithm>:<hex>`. */
export function blobPath(layoutDir: string, digest: string): string {
  const match = DIGEST.exec(digest);
  if (match === null) throw new BuilderError(`invalid digest ${JSON.stringify(digest)} in ${layoutDir}`);
  return join(layoutDir, 'blobs', match[1] ?? 'sha256', match[2] ?? '');
}

async function readJson(path: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as unknown;
  } catch (error) {
    throw new BuilderError(`cannot read ${path}: ${(error as Error).message}`);
  }
}

function descriptor(value: unknown): { digest: string; mediaType: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { digest, mediaType } = value as { digest?: unknown; mediaType?: unknown };
  return typeof digest === 'string' && typeof mediaType === 'string' ? { digest, mediaType } : undefined;
}

/** Reads the single image of an OCI image layout: its manifest digest and config digest. */
export async function readOciLayout(layoutDir: string): Promise<OciLayoutImage> {
  const index = (await readJson(join(layoutDir, 'index.json'))) as { manifests?: unknown };
  const manifests = Array.isArray(index.manifests) ? index.manifests : [];
  const entry = manifests.length === 1 ? descriptor(manifests[0]) : undefined;
  if (entry === undefined) {
    throw new BuilderError(
      `${join(layoutDir, 'index.json')} should list exactly one manifest, found ${manifests.length}`,
      'export each image into a fresh directory',
    );
  }
  if (!IMAGE_MANIFEST_TYPES.has(entry.mediaType)) {
    return { manifestDigest: entry.digest, mediaType: entry.mediaType, configDigest: undefined };
  }
  const manifest = (await readJson(blobPath(layoutDir, entry.digest))) as { config?: unknown };
  const config = descriptor(manifest.config);
  return { manifestDigest: entry.digest, mediaType: entry.mediaType, configDigest: config?.digest };
}

/** The parsed config blob of the layout's image (labels live in `config.Labels`). */
export async function readOciConfig(layoutDir: string): Promise<Record<string, unknown>> {
  const image = await readOciLayout(layoutDir);
  if (image.configDigest === undefined) {
    throw new BuilderError(`${layoutDir} holds an index (${image.mediaType}), not a single image`);
  }
  return (await readJson(blobPath(layoutDir, image.configDigest))) as Record<string, unknown>;
}
