import type { BuildSecretSpec, CatalogNode } from '../catalog/model.js';
import { CatalogToolError } from '../errors.js';
import { localImageName, platformSlug } from '../names/names.js';
import { LABEL_BUILD_ARGS } from '../render/labels.js';
import type { RenderedNode } from '../render/render.js';
import { ARTIFACT_BUILD_ARG } from './artifact-stage.js';
import { type BuildStageParent, buildPlatformArgs } from './build-platform.js';
import { type ImageFormat, imageFormatOf } from './image-format.js';

/**
 * The one build request of a node: what any engine is asked to build, and where the result goes.
 * Real builds and `catalog build --dry-run` both make it here, so what a dry run prints is what
 * a build runs. Engines turn it into argv (builders); nothing else assembles build args, labels or
 * secret mounts.
 */
export interface BuildRequest {
  /** The build context directory. kaniko wants it absolute (`dir://<contextDir>`). */
  readonly contextDir: string;
  /** The Dockerfile's path. */
  readonly dockerfile: string;
  /** The local name of the result (kaniko has no local store and ignores it). */
  readonly image: string;
  /** Build args; emitted sorted by name. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Labels added on top of the Dockerfile's; emitted sorted by name. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Secret mounts for `RUN --mount=type=secret,id=<id>`; emitted sorted by id. Never build args. */
  readonly secrets?: readonly BuildSecret[];
  /** e.g. `linux/amd64`. */
  readonly platform?: string;
  /**
   * The image format to build and export: `docker-v2s2` keeps HEALTHCHECK, SHELL and ONBUILD, which an
   * OCI image config has no field for (see image-format.ts). Absent: `oci`.
   */
  readonly format?: ImageFormat;
  /** The stage to build instead of the last one (a compiled artifact's stage, see artifact.ts). */
  readonly target?: string;
  /** Where the builder writes the image ID (buildah, podman, docker; kaniko cannot). */
  readonly iidFile: string;
  /** Epoch seconds for a reproducible created time (kaniko cannot). */
  readonly timestamp?: number;
  readonly pull?: 'missing' | 'always' | 'never';
  /** false for plain-http or self-signed registries. */
  readonly tlsVerify?: boolean;
  /**
   * A temporary containers-auth.json with the registry credentials for FROM pulls (buildah and
   * podman: `--authfile`); absent when there are none.
   */
  readonly authFile?: string;
  /** Cache intermediate layers. */
  readonly layers?: boolean;
  /**
   * Where to write the OCI image layout. Engines that export during the build (docker, kaniko) put
   * it in the build argv; the others export afterwards.
   */
  readonly ociLayoutDir?: string;
  /** Where engines that export during the build write the manifest digest (kaniko). */
  readonly digestFile?: string;
  /** kaniko only: references to push the result to. Other engines push after the build. */
  readonly destinations?: readonly string[];
}

/** A build secret: a file mounted by the builder. */
export interface BuildSecret {
  readonly id: string;
  readonly src: string;
}

/** The parent image as this build pulls it: its manifest digest and the reference FROM uses. */
export interface ParentPin {
  readonly digest: string;
  readonly pullRef: string;
}

/** What a run decides once for all its nodes. */
export interface BuildRunFacts {
  /** The output folder: build contexts, OCI layouts (under `<out>/oci/`), logs, the lock. */
  readonly out: string;
  /** Tells this workspace's local images apart from another clone's (a hash of `out`). */
  readonly workspaceKey: string;
  /** Reproducible created time (e.g. the commit time) and the commit, for labels and timestamps. */
  readonly sourceDate: Date;
  readonly revision: string;
  /** Build args from the environment that override rendered defaults (mirrors). */
  readonly buildArgOverrides: Readonly<Record<string, string>>;
  /** The environment: build secrets name their files through it. */
  readonly environment: Readonly<Record<string, string | undefined>>;
  readonly tlsVerify: boolean;
  /** The builder's temporary auth file (see BuildRequest.authFile), when the run has credentials. */
  readonly authFile?: string;
  /** The lineage label prefix (the input hash goes in `<prefix>.input-hash`). */
  readonly labelPrefix: string;
}

/** One node's part of a build request. */
export interface NodeBuildInput {
  readonly node: CatalogNode;
  readonly rendered: Pick<RenderedNode, 'buildArgs' | 'outDir' | 'dockerfile' | 'family'>;
  /** The written build folder (Dockerfile and context). */
  readonly dir: string;
  readonly parent: ParentPin | null;
  /** The image's declared build secrets. */
  readonly secrets: readonly BuildSecretSpec[];
  /** The input hash, stored as a label. */
  readonly inputHash: string;
  /** The node's compiled artifact as this build pulls it (images with `artifact:`; see artifact.ts). */
  readonly artifact?: { readonly pullRef: string };
  /**
   * The platform this build makes, one of the node's. A node built for several gets one request
   * per platform, whose local image, OCI layout and image-id file are named for it.
   */
  readonly platform: string;
  /** The parent of the stages that run on the build machine, when it differs (build-platform.ts). */
  readonly buildParent?: BuildStageParent;
}

/** A required build secret whose environment variable is not set. */
export class MissingSecretError extends CatalogToolError {
  readonly exitCode = 1;
}

/** The label holding a node's input hash, under the catalog's lineage prefix. */
export function inputHashLabel(prefix: string): string {
  return `${prefix}.input-hash`;
}

/** Where a node's OCI layout and image-id file go under the output folder. */
export function ociOutputs(out: string, rendered: Pick<RenderedNode, 'outDir'>, platform?: string) {
  const dir = `${out}/oci/${rendered.outDir}${platform === undefined ? '' : `@${platformSlug(platform)}`}`;
  return { ociLayoutDir: dir, iidFile: `${dir}.iid` };
}

/** The platform names of a node's build outputs carry: none when the node is built for one platform only. */
export function outputPlatform(node: Pick<CatalogNode, 'platforms'>, platform: string): string | undefined {
  return node.platforms.length > 1 ? platform : undefined;
}

/**
 * The build args of a node for one platform: rendered defaults, overrides from the environment,
 * parent pin, the args of stages that run on the build machine (build-platform.ts), labels.
 */
export function nodeBuildArgs(
  rendered: Pick<RenderedNode, 'buildArgs' | 'family'>,
  facts: Pick<BuildRunFacts, 'buildArgOverrides' | 'sourceDate' | 'revision'>,
  parent: ParentPin | null,
  target: { readonly platform: string; readonly buildParent?: BuildStageParent },
): Record<string, string> {
  const args: Record<string, string> = { ...rendered.buildArgs };
  for (const [name, value] of Object.entries(facts.buildArgOverrides)) if (name in args) args[name] = value;
  if (parent) {
    args.BASE_IMAGE = parent.pullRef;
    args[LABEL_BUILD_ARGS.baseDigest] = parent.digest;
  }
  Object.assign(args, buildPlatformArgs(rendered, target, parent));
  args[LABEL_BUILD_ARGS.created] = facts.sourceDate.toISOString().replace(/\.\d{3}Z$/, 'Z');
  args[LABEL_BUILD_ARGS.revision] = facts.revision;
  return args;
}

/**
 * The node's build secrets as files for the builder's secret mounts. A required secret whose
 * variable is unset is an error; secrets never become build args or environment variables.
 */
export function nodeBuildSecrets(
  secrets: readonly BuildSecretSpec[],
  environment: Readonly<Record<string, string | undefined>>,
): BuildSecret[] {
  const mounts: BuildSecret[] = [];
  for (const secret of secrets) {
    const file = environment[secret.env];
    if (file) mounts.push({ id: secret.id, src: file });
    else if (secret.required)
      throw new MissingSecretError(
        `build secret "${secret.id}" needs ${secret.env}`,
        `set ${secret.env} to the path of the secret's file`,
      );
  }
  return mounts;
}

/** The build request of one node (see BuildRequest). */
export function nodeBuildRequest(input: NodeBuildInput, facts: BuildRunFacts): BuildRequest {
  const secrets = nodeBuildSecrets(input.secrets, facts.environment);
  const named = outputPlatform(input.node, input.platform);
  return {
    contextDir: input.dir,
    dockerfile: `${input.dir}/Dockerfile`,
    image: localImageName(input.node, facts.workspaceKey, named),
    platform: input.platform,
    buildArgs: {
      ...nodeBuildArgs(input.rendered, facts, input.parent, input),
      ...(input.artifact ? { [ARTIFACT_BUILD_ARG]: input.artifact.pullRef } : {}),
    },
    labels: { [inputHashLabel(facts.labelPrefix)]: input.inputHash },
    format: imageFormatOf(input.rendered.dockerfile).format,
    ...(secrets.length > 0 ? { secrets } : {}),
    ...ociOutputs(facts.out, input.rendered, named),
    timestamp: Math.floor(facts.sourceDate.getTime() / 1000),
    tlsVerify: facts.tlsVerify,
    ...(facts.authFile === undefined ? {} : { authFile: facts.authFile }),
    layers: true,
  };
}

/**
 * A value only known while building (a digest, an input hash, a container's name), as a dry run
 * shows it: `<digest of python:3.13.5>`. Real runs never produce one.
 */
export function placeholder(what: string): string {
  return `<${what}>`;
}

/** Whether a value is, or contains, a placeholder. */
export function isPlaceholder(value: string): boolean {
  return /<[^<>]+>/.test(value);
}
