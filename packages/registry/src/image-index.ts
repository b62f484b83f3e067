import { digestOf } from './digest.js';
import { putManifest } from './manifest-api.js';
import { MediaType } from './media-types.js';
import type { RepositoryName } from './reference.js';
import type { Transport } from './transport.js';

/** One image of an index: a manifest already in the repository, and the platform it runs on. */
export interface IndexEntry {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
  /** `os/architecture[/variant]`, e.g. `linux/arm64`. */
  readonly platform: string;
}

/**
 * The bytes of an image index listing `entries`, each with its platform: an OCI index, or Docker's
 * manifest list when the images are Docker manifests (clients that read one read the other).
 */
export function imageIndexBytes(entries: readonly IndexEntry[]): { mediaType: string; bytes: Uint8Array } {
  const docker = entries.some((entry) => entry.mediaType === MediaType.dockerManifest);
  const mediaType = docker ? MediaType.dockerManifestList : MediaType.ociIndex;
  const manifests = entries.map((entry) => {
    const [os = '', architecture = '', variant] = entry.platform.split('/');
    return {
      mediaType: entry.mediaType,
      digest: entry.digest,
      size: entry.size,
      platform: { architecture, os, ...(variant ? { variant } : {}) },
    };
  });
  const text = JSON.stringify({ schemaVersion: 2, mediaType, manifests });
  return { mediaType, bytes: new TextEncoder().encode(text) };
}

/** PUTs the index of `entries` by its digest (no tag) and returns that digest. */
export async function pushImageIndex(
  transport: Transport,
  repository: RepositoryName,
  entries: readonly IndexEntry[],
): Promise<string> {
  const index = imageIndexBytes(entries);
  const digest = digestOf(index.bytes);
  await putManifest(transport, repository, digest, index);
  return digest;
}
