import { getBlob, pushBlob } from './blob-api.js';
import { digestOf } from './digest.js';
import { RegistryError } from './errors.js';
import { platformDigests } from './image-api.js';
import { isImageIndex } from './manifest.js';
import { fetchManifest, putManifest, resolveManifest } from './manifest-api.js';
import { MediaType } from './media-types.js';
import { formatReference, type RegistryReference, type RepositoryName } from './reference.js';
import type { Transport } from './transport.js';

/** What an upstream tag points at: the top digest (index or manifest) and each platform's manifest. */
export interface ResolvedPlatforms {
  readonly digest: string;
  readonly mediaType: string;
  /** `linux/amd64` → the digest of its single-platform manifest. */
  readonly platforms: Record<string, string>;
}

/**
 * Resolves a tag with `HEAD /v2/<name>/manifests/<tag>` (Accept: OCI index, Docker manifest list,
 * OCI and Docker manifests), then reads the manifest by that digest for its per-platform digests.
 * A missing tag is a not-found RegistryError: an upstream that vanished is an error, not a change.
 */
export async function resolvePlatforms(transport: Transport, ref: RegistryReference): Promise<ResolvedPlatforms> {
  const top = await resolveManifest(transport, ref);
  if (!top) {
    throw new RegistryError({
      host: ref.host,
      operation: `resolve ${formatReference(ref)}`,
      kind: 'not-found',
      status: 404,
      reason: 'HTTP 404: no such tag',
      hint: 'check the reference in catalog.yaml; the upstream may have removed or renamed the tag',
    });
  }
  const pinned: RegistryReference = {
    host: ref.host,
    apiHost: ref.apiHost,
    repository: ref.repository,
    digest: top.digest,
  };
  const platforms: Record<string, string> = {};
  for (const entry of await platformDigests(transport, pinned)) platforms[entry.platform] ??= entry.digest;
  return { digest: top.digest, mediaType: top.mediaType, platforms };
}

/** A small file stored in a registry next to an image (an OCI artifact manifest with one layer). */
export interface ArtifactContent {
  readonly artifactType: string;
  /** The media type of the one layer holding the content. */
  readonly mediaType: string;
  readonly bytes: Uint8Array;
  readonly annotations?: Readonly<Record<string, string>>;
  /** The image this artifact is about (OCI `subject`). */
  readonly subject?: { readonly digest: string; readonly mediaType: string; readonly size: number };
}

const EMPTY_CONFIG = new TextEncoder().encode('{}');

/** Pushes `content` as an OCI artifact under `tag` of the repository; returns the manifest digest. */
export async function pushArtifact(
  transport: Transport,
  name: RepositoryName,
  tag: string,
  content: ArtifactContent,
): Promise<string> {
  const blob = async (bytes: Uint8Array) =>
    pushBlob(transport, name, { digest: digestOf(bytes), size: bytes.length, open: () => bytes });
  const config = await blob(EMPTY_CONFIG);
  const layer = await blob(content.bytes);
  const manifest = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType: content.artifactType,
    config: { mediaType: 'application/vnd.oci.empty.v1+json', digest: config.digest, size: config.size },
    layers: [{ mediaType: content.mediaType, digest: layer.digest, size: layer.size }],
    ...(content.subject ? { subject: { ...content.subject } } : {}),
    ...(content.annotations ? { annotations: { ...content.annotations } } : {}),
  };
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  return putManifest(transport, name, tag, { mediaType: MediaType.ociManifest, bytes });
}

/** An artifact's content and annotations; undefined when the tag does not exist. */
export async function fetchArtifact(
  transport: Transport,
  ref: RegistryReference,
  maxBytes: number,
): Promise<{ bytes: Uint8Array; annotations: Record<string, string> } | undefined> {
  const fetched = await fetchManifest(transport, ref);
  if (!fetched) return undefined;
  const layer = isImageIndex(fetched.manifest) ? undefined : fetched.manifest.layers[0];
  if (!layer) {
    throw new RegistryError({
      host: ref.host,
      operation: `read ${formatReference(ref)}`,
      kind: 'malformed',
      reason: 'the artifact has no content layer',
      hint: 'delete the tag; the next build records it again',
    });
  }
  const bytes = await getBlob(transport, ref, layer.digest, maxBytes);
  return { bytes, annotations: { ...(fetched.manifest.annotations ?? {}) } };
}
