import type { BuildRequest } from '@catalog/core';

/**
 * What an engine is asked to build: core's one build request (nodeBuildRequest makes it for every
 * node, in builds and dry runs alike).
 */
export type { BuildRequest, BuildSecret } from '@catalog/core';

export type PullPolicy = NonNullable<BuildRequest['pull']>;

/** Writes a locally built image as an OCI image layout folder. */
export interface ExportRequest {
  readonly image: string;
  readonly ociLayoutDir: string;
  /** Where to write the manifest digest. */
  readonly digestFile?: string;
  /** The build request's format: `docker-v2s2` exports Docker's manifest and config (they keep HEALTHCHECK). */
  readonly format?: BuildRequest['format'];
}

/**
 * How a builder is run. buildah on containerised machines needs `storageDriver: 'vfs'` and
 * `isolation: 'chroot'` (its defaults here); `root`/`runRoot` point buildah/podman at another store.
 * docker and kaniko ignore `storageDriver`, `isolation`, `root` and `runRoot`.
 */
export interface BuilderSettings {
  readonly storageDriver?: string;
  readonly isolation?: string;
  /** Extra flags for the build command, placed before the context directory. */
  readonly extraArgs?: readonly string[];
  /** The executable, when not the usual name on PATH. */
  readonly binary?: string;
  readonly root?: string;
  readonly runRoot?: string;
}

export interface BuilderCapabilities {
  /** Can FROM an image built earlier in the same run without a registry. */
  readonly localParents: boolean;
  /** Can write the result as an OCI image layout. */
  readonly ociExport: boolean;
  /** Supports `--secret` mounts. */
  readonly secrets: boolean;
  /** Needs no daemon. */
  readonly daemonless: boolean;
  /** Can set the image's created time from `timestamp`. */
  readonly timestamps: boolean;
  /** Can talk to a plain-http registry when asked per build (`tlsVerify: false`). */
  readonly insecureRegistries: boolean;
  /** Honours `RUN --mount=...` (cache, bind, secret mounts) in Dockerfiles. */
  readonly runMounts: boolean;
  /** Builds a node for several platforms in one run (one build per platform, then their image index). */
  readonly multiPlatform: boolean;
}

/** Pure argv construction for one engine. Every argv starts with the executable. */
export interface BuilderAdapter {
  /** The engine's name, one of the registry's (engines/index.ts: BUILDER_NAMES). */
  readonly name: string;
  readonly binary: string;
  readonly capabilities: BuilderCapabilities;
  /** true: `buildArgv` writes the OCI layout itself and `exportArgv` returns null. */
  readonly exportsDuringBuild: boolean;
  buildArgv(request: BuildRequest): string[];
  /** Environment variables the build command needs (docker, kaniko: `DOCKER_CONFIG`); {} when none. */
  buildEnv(request: BuildRequest): Record<string, string>;
  /** null when the builder exports during the build. */
  exportArgv(request: ExportRequest): string[] | null;
  /** null when the builder keeps no local image. */
  removeArgv(image: string): string[] | null;
}
