import { digestOf } from './digest.js';
import { RegistryError } from './errors.js';
import type { Descriptor, ImageIndex, Platform } from './manifest.js';
import { formatPlatform, isImageIndex } from './manifest.js';
import { getManifest, type ManifestDescriptor, putManifest } from './manifest-api.js';
import { MediaType } from './media-types.js';
import type { RepositoryName } from './reference.js';
import type { Transport } from './transport.js';

/** One platform's image for an index: the manifest (or an index holding it) by digest. */
export interface IndexEntry {
  /** `linux/amd64`, `linux/arm/v7`. */
  readonly platform: string;
  readonly digest: string;
}

/**
 * Pushes, by digest and untagged, the image index of one repository's images per platform. An
 * entry whose digest is an index itself (an image found up to date under a multi-platform tag)
 * contributes its manifest for that platform. The index is OCI unless every image is in the Docker
 * format (then a Docker manifest list), and its bytes depend only on the entries, so pushing the
 * same images again gives the same digest.
 */
export async function pushIndex(
  transport: Transport,
  name: RepositoryName,
  entries: readonly IndexEntry[],
): Promise<ManifestDescriptor> {
  const manifests: Descriptor[] = [];
  for (const entry of [...entries].sort((a, b) => a.platform.localeCompare(b.platform))) {
    manifests.push(await platformManifest(transport, name, entry));
  }
  const docker = manifests.every((m) => m.mediaType === MediaType.dockerManifest);
  const mediaType = docker ? MediaType.dockerManifestList : MediaType.ociIndex;
  const index: ImageIndex = { schemaVersion: 2, mediaType, manifests };
  const bytes = new TextEncoder().encode(JSON.stringify(index));
  const digest = await putManifest(transport, name, digestOf(bytes, 'sha256'), { mediaType, bytes });
  return { digest, mediaType, size: bytes.length };
}

async function platformManifest(transport: Transport, name: RepositoryName, entry: IndexEntry): Promise<Descriptor> {
  const platform = platformOf(entry.platform, name);
  const fetched = await getManifest(transport, { ...name, digest: entry.digest });
  if (!isImageIndex(fetched.manifest))
    return { mediaType: fetched.mediaType, digest: fetched.digest, size: fetched.size, platform };
  const inner = fetched.manifest.manifests.find(
    (m) => m.platform && formatPlatform(m.platform) === formatPlatform(platform),
  );
  if (!inner)
    throw new RegistryError({
      kind: 'not-found',
      host: name.host,
      operation: `assemble the index of ${name.host}/${name.repository}`,
      reason: `${entry.digest} is an index without a ${entry.platform} image`,
      hint: 'rebuild the node for that platform',
    });
  return { mediaType: inner.mediaType, digest: inner.digest, size: inner.size, platform };
}

function platformOf(text: string, name: RepositoryName): Platform {
  const [os, architecture, variant] = text.split('/');
  if (!os || !architecture)
    throw new RegistryError({
      kind: 'malformed',
      host: name.host,
      operation: `assemble the index of ${name.host}/${name.repository}`,
      reason: `"${text}" is no platform (expected os/architecture[/variant])`,
    });
  return { os, architecture, ...(variant ? { variant } : {}) };
}
