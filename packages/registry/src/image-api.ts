import { getBlob } from './blob-api.js';
import { RegistryError } from './errors.js';
import {
  type Descriptor,
  formatPlatform,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  isImageIndex,
} from './manifest.js';
import { type FetchedManifest, getManifest } from './manifest-api.js';
import { formatReference, type RegistryReference } from './reference.js';
import type { Transport } from './transport.js';

/** The platform an image is built for, and the digest of its single-platform manifest. */
export interface PlatformDigest {
  /** `os/architecture[/variant]`, e.g. `linux/amd64`, `linux/arm64/v8`. */
  readonly platform: string;
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

export const DEFAULT_PLATFORM = 'linux/amd64';
const MAX_CONFIG_BYTES = 32 * 1024 * 1024;

/**
 * The single-platform manifests of an image: one per platform of an index (attestations and other
 * entries without a real platform are left out), or the manifest itself with its config's platform.
 */
export async function platformDigests(transport: Transport, ref: RegistryReference): Promise<PlatformDigest[]> {
  const top = await getManifest(transport, ref);
  if (isImageIndex(top.manifest)) {
    return top.manifest.manifests
      .filter((entry) => entry.platform && entry.platform.os !== 'unknown' && entry.platform.architecture !== 'unknown')
      .map((entry) => ({
        platform: formatPlatform(entry.platform ?? { os: '', architecture: '' }),
        digest: entry.digest,
        mediaType: entry.mediaType,
        size: entry.size,
      }));
  }
  const config = await readConfig(transport, ref, top.manifest);
  const platform = formatPlatform({
    os: config.os ?? 'unknown',
    architecture: config.architecture ?? 'unknown',
    ...(config.variant ? { variant: config.variant } : {}),
  });
  return [{ platform, digest: top.digest, mediaType: top.mediaType, size: top.size }];
}

/** The image configuration; for an index, the one of `platform` (default `linux/amd64`). */
export async function imageConfig(
  transport: Transport,
  ref: RegistryReference,
  platform = DEFAULT_PLATFORM,
): Promise<ImageConfig> {
  const image = await singlePlatformManifest(transport, ref, platform);
  return readConfig(transport, ref, image.manifest as ImageManifest);
}

/** The image's labels (`config.Labels`), {} when it has none. */
export async function imageLabels(
  transport: Transport,
  ref: RegistryReference,
  platform = DEFAULT_PLATFORM,
): Promise<Record<string, string>> {
  const config = await imageConfig(transport, ref, platform);
  return { ...(config.config?.Labels ?? {}) };
}

/** The manifest itself, or for an index, the entry for `platform`. */
export async function singlePlatformManifest(
  transport: Transport,
  ref: RegistryReference,
  platform: string,
): Promise<FetchedManifest> {
  const top = await getManifest(transport, ref);
  if (!isImageIndex(top.manifest)) return top;
  const entry = pickPlatform(top.manifest, platform);
  if (!entry) {
    const available = top.manifest.manifests.flatMap((m) => (m.platform ? [formatPlatform(m.platform)] : []));
    throw new RegistryError({
      host: ref.host,
      operation: `read the ${platform} image of ${formatReference(ref)}`,
      kind: 'not-found',
      reason: `the image index has no ${platform} manifest`,
      hint: `it has ${available.length > 0 ? available.join(', ') : 'no platforms'}; ask for one of those`,
    });
  }
  const child = await getManifest(transport, { ...withoutTag(ref), digest: entry.digest });
  if (isImageIndex(child.manifest)) {
    throw new RegistryError({
      host: ref.host,
      operation: `read the ${platform} image of ${formatReference(ref)}`,
      kind: 'malformed',
      reason: `the index entry for ${platform} is itself an index`,
    });
  }
  return child;
}

/** The entry for `os/arch[/variant]`; without a variant, the first entry of that os and architecture. */
export function pickPlatform(index: ImageIndex, platform: string): Descriptor | undefined {
  const withPlatform = index.manifests.filter((entry) => entry.platform);
  const exact = withPlatform.find((entry) => entry.platform && formatPlatform(entry.platform) === platform);
  if (exact || platform.split('/').length > 2) return exact;
  return withPlatform.find((entry) => `${entry.platform?.os}/${entry.platform?.architecture}` === platform);
}

async function readConfig(transport: Transport, ref: RegistryReference, manifest: ImageManifest): Promise<ImageConfig> {
  const bytes = await getBlob(transport, ref, manifest.config.digest, MAX_CONFIG_BYTES);
  try {
    const config = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    if (typeof config === 'object' && config !== null && !Array.isArray(config)) return config as ImageConfig;
  } catch {
    // reported below
  }
  throw new RegistryError({
    host: ref.host,
    operation: `read the image config of ${formatReference(ref)}`,
    kind: 'malformed',
    reason: `the config blob ${manifest.config.digest} is not a JSON object`,
  });
}

function withoutTag(ref: RegistryReference): RegistryReference {
  return { host: ref.host, apiHost: ref.apiHost, repository: ref.repository };
}
