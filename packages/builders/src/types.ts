import type { BuilderName } from './engines/index.js';

export type PullPolicy = 'missing' | 'always' | 'never';

/** A build secret: a file mounted by the builder for `RUN --mount=type=secret,id=<id>`. Never a build arg. */
export interface BuildSecret {
  readonly id: string;
  readonly src: string;
}

export interface BuildRequest {
  /** The build context directory. kaniko wants it absolute (`dir://<contextDir>`). */
  readonly contextDir: string;
  /** The Dockerfile's path. */
  readonly dockerfile: string;
  /** The local name of the result, e.g. `catalog-build/python:3.13.5` (kaniko has no local store and ignores it). */
  readonly image: string;
  /** Build args; emitted sorted by name. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Labels added on top of the Dockerfile's; emitted sorted by name. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Secret mounts; emitted sorted by id. */
  readonly secrets?: readonly BuildSecret[];
  /** e.g. `linux/amd64`. */
  readonly platform?: string;
  /** Where the builder writes the image ID (buildah, podman, docker; kaniko cannot). */
  readonly iidFile: string;
  /** Epoch seconds for a reproducible created time (kaniko cannot). */
  readonly timestamp?: number;
  readonly pull?: PullPolicy;
  /** false for plain-http or self-signed registries. */
  readonly tlsVerify?: boolean;
  /** Cache intermediate layers. */
  readonly layers?: boolean;
  /**
   * Where to write the OCI image layout. Builders that export during the build (docker, kaniko) put
   * it in the build argv; the others export afterwards with `exportArgv`.
   */
  readonly ociLayoutDir?: string;
  /** Where builders that export during the build write the manifest digest (kaniko). */
  readonly digestFile?: string;
  /** kaniko only: references to push the result to. Other builders push after the build. */
  readonly destinations?: readonly string[];
}

/** Writes a locally built image as an OCI image layout folder. */
export interface ExportRequest {
  readonly image: string;
  readonly ociLayoutDir: string;
  /** Where to write the manifest digest. */
  readonly digestFile?: string;
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
}

/** Pure argv construction for one engine. Every argv starts with the executable. */
export interface BuilderAdapter {
  readonly name: BuilderName;
  readonly binary: string;
  readonly capabilities: BuilderCapabilities;
  /** true: `buildArgv` writes the OCI layout itself and `exportArgv` returns null. */
  readonly exportsDuringBuild: boolean;
  buildArgv(request: BuildRequest): string[];
  /** null when the builder exports during the build. */
  exportArgv(request: ExportRequest): string[] | null;
  /** null when the builder keeps no local image. */
  removeArgv(image: string): string[] | null;
}
