import { type BlobSource, hasBlob, type PushBlobOptions, type PushBlobResult, pushBlob } from './blob-api.js';
import type { RunCredentialHelper } from './credential-helper.js';
import { type CredentialProvider, defaultCredentialProvider } from './credentials.js';
import { DEFAULT_PLATFORM, imageConfig, imageLabels, type PlatformDigest, platformDigests } from './image-api.js';
import { readImageFile } from './image-file.js';
import { type IndexEntry, pushImageIndex } from './image-index.js';
import { InsecureHosts } from './insecure-hosts.js';
import type { ImageConfig } from './manifest.js';
import {
  type FetchedManifest,
  getManifest,
  type ManifestDescriptor,
  putManifest,
  resolveManifest,
} from './manifest-api.js';
import { type PushOciLayoutOptions, type PushOciLayoutResult, pushOciLayout } from './oci-layout.js';
import type { RateLimit } from './rate-limit.js';
import { assertDigest, parseReference, parseRepository } from './reference.js';
import { requestTimeoutFrom } from './request-deadline.js';
import { type RetryOptions, RetryPolicy } from './retry.js';
import { type ListTagsOptions, listTags } from './tag-api.js';
import { Transport } from './transport.js';
import {
  type ArtifactContent,
  fetchArtifact,
  pushArtifact,
  type ResolvedPlatforms,
  resolvePlatforms,
} from './upstream-api.js';

export interface RegistryClientOptions {
  /** The fetch to use (default: Node's global fetch). */
  readonly fetch?: typeof fetch;
  /** Where credentials come from (default: environment, then the standard auth files). */
  readonly credentials?: CredentialProvider;
  /** Runs the credential helpers the default credentials name (`credHelpers`, `credsStore`). */
  readonly runCredentialHelper?: RunCredentialHelper;
  readonly retry?: RetryOptions;
  /** More hosts spoken to over plain http, besides loopback and `CATALOG_INSECURE_REGISTRIES`. */
  readonly insecureHosts?: readonly string[];
  readonly userAgent?: string;
  /** The environment read for settings and credentials (default: process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Milliseconds without progress (no answer, no body bytes) before a request fails; default
   * `CATALOG_REGISTRY_TIMEOUT` seconds, else 60 s.
   */
  readonly requestTimeoutMs?: number;
  /** Interrupts every request and retry wait of this client (Ctrl-C, SIGTERM). */
  readonly signal?: AbortSignal;
}

export interface PlatformOption {
  /** For an index: which platform's image (`os/arch[/variant]`, default `linux/amd64`). */
  readonly platform?: string;
}

export const DEFAULT_USER_AGENT = `catalog-registry/0.1.0 node/${process.versions.node}`;

/**
 * A client of OCI distribution registries (Docker Hub, the CNCF registry, …). References are
 * `host[:port]/repository[:tag][@digest]`; without a host they are on Docker Hub. Loopback hosts
 * (and `insecureHosts`) are spoken to over http, everything else over https. Failures are
 * RegistryErrors with the host, the operation, the status and a hint.
 */
export class RegistryClient {
  private readonly transport: Transport;

  constructor(options: RegistryClientOptions = {}) {
    const env = options.env ?? process.env;
    this.transport = new Transport({
      fetch: options.fetch ?? globalThis.fetch,
      credentials:
        options.credentials ??
        defaultCredentialProvider({
          env,
          ...(options.runCredentialHelper ? { runHelper: options.runCredentialHelper } : {}),
        }),
      retry: new RetryPolicy(options.retry),
      insecure: new InsecureHosts(options.insecureHosts, env),
      userAgent: options.userAgent ?? DEFAULT_USER_AGENT,
      requestTimeoutMs: options.requestTimeoutMs ?? requestTimeoutFrom(env),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  }

  /** What a tag (or digest) points to; undefined when it does not exist. */
  resolve(reference: string): Promise<ManifestDescriptor | undefined> {
    return resolveManifest(this.transport, parseReference(reference));
  }

  /**
   * What a tag points at: HEAD for the digest, then that manifest for the digests per platform
   * (`{digest, mediaType, platforms: {'linux/amd64': 'sha256:…'}}`). A missing tag is an error.
   */
  resolvePlatforms(reference: string): Promise<ResolvedPlatforms> {
    return resolvePlatforms(this.transport, parseReference(reference));
  }

  /**
   * One file of an image (for an index, of `linux/amd64` or `options.platform`) as its filesystem
   * shows it, reading layers from the top down; undefined when absent or deleted.
   */
  readImageFile(reference: string, path: string, options: PlatformOption = {}): Promise<Uint8Array | undefined> {
    return readImageFile(this.transport, parseReference(reference), path, options.platform ?? DEFAULT_PLATFORM);
  }

  /** Pushes a small file as an OCI artifact (empty config, one layer) under `tag`; returns its digest. */
  pushArtifact(repository: string, tag: string, content: ArtifactContent): Promise<string> {
    return pushArtifact(this.transport, parseRepository(repository), tag, content);
  }

  /** An artifact's content (at most `maxBytes`, default 16 MiB) and annotations; undefined when absent. */
  fetchArtifact(
    reference: string,
    maxBytes = 16 * 1024 * 1024,
  ): Promise<{ bytes: Uint8Array; annotations: Record<string, string> } | undefined> {
    return fetchArtifact(this.transport, parseReference(reference), maxBytes);
  }

  /** The manifest with its exact bytes; verified against the digest when the reference has one. */
  getManifest(reference: string): Promise<FetchedManifest> {
    return getManifest(this.transport, parseReference(reference));
  }

  /** `[{platform: 'linux/amd64', digest}, …]` of an index, or the one platform of a single manifest. */
  platformDigests(reference: string): Promise<PlatformDigest[]> {
    return platformDigests(this.transport, parseReference(reference));
  }

  /** The image config JSON (for an index, of `linux/amd64` or `options.platform`). */
  imageConfig(reference: string, options: PlatformOption = {}): Promise<ImageConfig> {
    return imageConfig(this.transport, parseReference(reference), options.platform);
  }

  /** The image's labels (`config.Labels`); {} when it has none. */
  imageLabels(reference: string, options: PlatformOption = {}): Promise<Record<string, string>> {
    return imageLabels(this.transport, parseReference(reference), options.platform);
  }

  /** Every tag of a repository (`host/repo`), all pages; [] when the repository does not exist. */
  listTags(repository: string, options: ListTagsOptions = {}): Promise<string[]> {
    return listTags(this.transport, parseRepository(repository), options);
  }

  hasBlob(repository: string, digest: string): Promise<boolean> {
    return hasBlob(this.transport, parseRepository(repository), digest);
  }

  /** Uploads a blob unless present, mounting it from `mountFrom` when that repository has it. */
  pushBlob(repository: string, blob: BlobSource, options: PushBlobOptions = {}): Promise<PushBlobResult> {
    return pushBlob(this.transport, parseRepository(repository), blob, options);
  }

  /** PUTs a manifest under a tag or digest; returns its digest (sha256 of `bytes`). */
  putManifest(
    repository: string,
    reference: string,
    manifest: { readonly mediaType: string; readonly bytes: Uint8Array },
  ): Promise<string> {
    return putManifest(this.transport, parseRepository(repository), reference, manifest);
  }

  /** Publishes the single image of an OCI layout folder by digest (no tag). */
  pushOciLayout(
    layoutDir: string,
    repository: string,
    options: PushOciLayoutOptions = {},
  ): Promise<PushOciLayoutResult> {
    return pushOciLayout(this.transport, layoutDir, parseRepository(repository), options);
  }

  /**
   * Publishes an image index of manifests already pushed to the repository, one per platform, by
   * its digest (no tag); returns that digest.
   */
  pushIndex(repository: string, entries: readonly IndexEntry[]): Promise<string> {
    return pushImageIndex(this.transport, parseRepository(repository), entries);
  }

  /** Points `tag` at the manifest `digest` of the same repository. */
  async tag(repository: string, digest: string, tag: string): Promise<void> {
    await this.tagMany(repository, digest, [tag]);
  }

  /** Points every tag at the manifest `digest` (read once, PUT under each tag in order). */
  async tagMany(repository: string, digest: string, tags: readonly string[]): Promise<void> {
    const name = parseRepository(repository);
    assertDigest(digest);
    for (const tag of tags) parseReference(`${repository}:${tag}`);
    const manifest = await getManifest(this.transport, { ...name, digest });
    for (const tag of tags) {
      await putManifest(this.transport, name, tag, { mediaType: manifest.mediaType, bytes: manifest.bytes });
    }
  }

  /** The rate limit the host reported last (Docker Hub's `ratelimit-*` headers); undefined if none. */
  rateLimit(host: string): RateLimit | undefined {
    return this.transport.rateLimit(host);
  }
}
