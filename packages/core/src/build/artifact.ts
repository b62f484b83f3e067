import { buildModel } from '../lint/dockerfile-model.js';
import { ARTIFACT_BUILD_ARG } from './artifact-stage.js';
import { BUILD_ARTIFACT_IMAGE_ARG } from './build-platform.js';
import { type BuildRequest, ociOutputs } from './build-request.js';

/**
 * Compile once, assemble often. An image may name a Dockerfile stage whose files are a compiled
 * artifact (`artifact: { stage: ... }`: CPython built by pyenv, the framework's wheels). The
 * artifact is built once per key and stored beside the image in the registry
 * (`<image>:artifact-<key>`, names.ts); the image's final stage takes its files
 * `FROM ${ARTIFACT_IMAGE}`. A rebuild of the OS below (a security fix, a new base digest) keeps the
 * key, so it reassembles the image from the stored artifact instead of compiling again.
 *
 * The key is what determines the artifact's content: the Dockerfile text up to the end of the
 * artifact stage (the source checksum, python-build definition, configure options and build
 * packages are all in it; not the value of BUILD_ARTIFACT_IMAGE, a tool of the build), the build context's files, the lineage (parent node ids down to the OS
 * release: `pyenv:2.5.4 < debian:13`), the OS family and the platform (and the build machine's
 * platform when the stage was cross-compiled there, build-platform.ts). Not in it: the parent's
 * digest and the versions of OS packages (security updates keep a stable release's ABI), mirrors
 * (same bytes by checksum), comments, labels and anything after the artifact stage.
 */

/** Bump when the key's meaning changes, so no old artifact matches a new key. */
const KEY_VERSION = 'catalog-artifact-v1';

/** The label holding an artifact image's key, under the catalog's lineage prefix. */
export function artifactKeyLabel(prefix: string): string {
  return `${prefix}.artifact-key`;
}

export interface ArtifactKeyInput {
  /** The node's rendered Dockerfile. */
  readonly dockerfile: string;
  /** The artifact stage's name. */
  readonly stage: string;
  /** The build context's files other than the Dockerfile: path and sha256, any order. */
  readonly contextFiles: readonly { readonly path: string; readonly sha256: string }[];
  /** The node's ancestors, nearest first: node ids, or an external parent's reference. */
  readonly lineage: readonly string[];
  readonly family: string;
  /** e.g. `linux/amd64`. */
  readonly platform: string;
  /**
   * The platform the artifact stage ran on when it is not `platform`: cross-compiled with that
   * platform's toolchain (build-platform.ts), which an artifact compiled natively does not share.
   */
  readonly buildPlatform?: string;
}

/** The text a key is the sha256 of (the runner hashes it): one fact per line, stable order. */
export function artifactKeyMaterial(input: ArtifactKeyInput): string {
  const files = [...input.contextFiles]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((file) => `file ${file.path} ${file.sha256}`);
  return [
    KEY_VERSION,
    `platform ${input.platform}`,
    ...(input.buildPlatform && input.buildPlatform !== input.platform
      ? [`cross-compiled on ${input.buildPlatform}`]
      : []),
    `family ${input.family}`,
    `lineage ${input.lineage.join(' < ')}`,
    ...files,
    'dockerfile',
    artifactStageText(input.dockerfile, input.stage),
  ].join('\n');
}

/**
 * The Dockerfile's instructions up to the end of the artifact stage, without comments and mirror
 * declarations (`ARG MIRROR_<NAME>=...`: a mirror serves the same bytes, checked by checksum), and
 * with the parent's default reference (`ARG BASE_IMAGE=<registry>/<parent>:<tag>`) reduced to its
 * name: the parent enters the key through the lineage, not through a registry or digest.
 */
export function artifactStageText(dockerfile: string, stage: string): string {
  const model = buildModel(dockerfile);
  const index = model.stages.findIndex((s) => s.name === stage.toLowerCase());
  const next = index < 0 ? undefined : model.stages[index + 1];
  const end = next ? next.from.getRange().start.line : Number.POSITIVE_INFINITY;
  return model.instructions
    .filter((instruction) => instruction.getRange().start.line < end)
    .map((instruction) => instruction.getTextContent())
    .filter((text) => !/^ARG\s+MIRROR_/i.test(text))
    .map((text) => (/^ARG\s+BASE_IMAGE=/i.test(text) ? 'ARG BASE_IMAGE' : text))
    .join('\n');
}

/**
 * The request that builds only the artifact stage of a node, from the node's own build request:
 * same context, args and secrets; its own local name, OCI layout folder and key label.
 */
export function artifactBuildRequest(
  request: BuildRequest,
  input: {
    stage: string;
    localName: string;
    out: string;
    outDir: string;
    key: string;
    labelPrefix: string;
    /** Cross-compiling: the build machine's artifact of this node, for BUILD_ARTIFACT_IMAGE (build-platform.ts). */
    buildArtifact?: string;
  },
): BuildRequest {
  const { [ARTIFACT_BUILD_ARG]: _unused, ...buildArgs } = request.buildArgs;
  return {
    ...request,
    image: input.localName,
    target: input.stage,
    buildArgs: input.buildArtifact ? { ...buildArgs, [BUILD_ARTIFACT_IMAGE_ARG]: input.buildArtifact } : buildArgs,
    labels: { [artifactKeyLabel(input.labelPrefix)]: input.key },
    // No layer cache: an artifact stage is often `FROM scratch` + COPY, and files identical on two
    // platforms (pure-Python wheels) made buildah hand back the other platform's cached image, its
    // architecture and key label included, which the assembly then could not use. The registry
    // already stores each artifact by key, so the cache saves nothing that matters here.
    layers: false,
    ...ociOutputs(input.out, { outDir: `${input.outDir}.artifact` }),
  };
}
