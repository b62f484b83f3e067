import { INDEX_MEDIA_TYPES, MediaType } from './media-types.js';

/** `{os, architecture, variant}` of an image (OCI image spec). */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  readonly 'os.version'?: string;
}

/** A pointer to content by digest (OCI descriptor). */
export interface Descriptor {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: Platform;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly urls?: readonly string[];
}

/** A single-platform image: a config and layers. */
export interface ImageManifest {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A multi-platform image: manifests per platform (OCI index or Docker manifest list). */
export interface ImageIndex {
  readonly schemaVersion: 2;
  readonly mediaType?: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

export type Manifest = ImageManifest | ImageIndex;

/** The image configuration blob (the parts this package reads; everything else is kept). */
export interface ImageConfig {
  readonly os?: string;
  readonly architecture?: string;
  readonly variant?: string;
  readonly created?: string;
  readonly config?: {
    readonly Labels?: Readonly<Record<string, string>> | null;
    readonly [key: string]: unknown;
  };
  readonly rootfs?: { readonly type: string; readonly diff_ids: readonly string[] };
  readonly [key: string]: unknown;
}

export function isImageIndex(manifest: Manifest): manifest is ImageIndex {
  return Array.isArray((manifest as ImageIndex).manifests);
}

/** `linux/amd64`, `linux/arm64/v8`. */
export function formatPlatform(platform: Pick<Platform, 'os' | 'architecture' | 'variant'>): string {
  return `${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}`;
}

/**
 * Parses manifest JSON. Returns the manifest and its media type (its `mediaType` field, else the
 * Content-Type, else inferred from its shape), or a string saying what is wrong.
 */
export function parseManifest(
  bytes: Uint8Array,
  contentType: string | undefined,
): { manifest: Manifest; mediaType: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return `the manifest is not valid JSON (${(error as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'the manifest is not a JSON object';
  const record = value as Record<string, unknown>;
  if (record.schemaVersion !== 2) return `unsupported manifest schemaVersion ${String(record.schemaVersion)}`;
  const declared = typeof record.mediaType === 'string' ? record.mediaType : undefined;
  if (Array.isArray(record.manifests)) {
    if (!record.manifests.every(isDescriptor)) return 'the index lists an entry that is not a descriptor';
    return { manifest: value as ImageIndex, mediaType: declared ?? indexType(contentType) };
  }
  if (!isDescriptor(record.config) || !Array.isArray(record.layers) || !record.layers.every(isDescriptor)) {
    return 'the manifest has neither `manifests` nor a `config` and `layers` of descriptors';
  }
  return { manifest: value as ImageManifest, mediaType: declared ?? imageType(contentType) };
}

/** Whether a value has the shape of a descriptor (media type, digest, size). */
export function isDescriptor(value: unknown): value is Descriptor {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.mediaType === 'string' &&
    typeof record.digest === 'string' &&
    /^[a-z0-9]+:[a-f0-9]+$/.test(record.digest) &&
    typeof record.size === 'number' &&
    record.size >= 0
  );
}

function indexType(contentType: string | undefined): string {
  return contentType && INDEX_MEDIA_TYPES.includes(contentType) ? contentType : MediaType.ociIndex;
}

function imageType(contentType: string | undefined): string {
  return contentType === MediaType.dockerManifest ? contentType : MediaType.ociManifest;
}
