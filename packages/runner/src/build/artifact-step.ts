import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  artifactBuildRequest,
  artifactKeyMaterial,
  artifactReference,
  artifactTag,
  type BuildRequest,
  type Catalog,
  type CatalogGraph,
  type CatalogNode,
  digestReference,
  isPlaceholder,
  localArtifactName,
  repositoryOf,
  wantsBuildArtifact,
} from '@catalog/core';
import { HOST_PLATFORM } from './emulation.js';
import { contextFileHashes } from './input-hash.js';
import { NodeFailure } from './node-failure.js';
import type { BuildPorts } from './ports.js';
import { type BuildRunSettings, workspaceKey } from './settings.js';

// What the artifact step reads of the pipeline's context (node-pipeline.ts's PipelineContext has it),
// named here so that this module does not import the pipeline that imports it.
interface ArtifactContext {
  readonly catalog: Pick<Catalog, 'labels'>;
  readonly graph: CatalogGraph;
  readonly settings: Pick<BuildRunSettings, 'out' | 'registry' | 'onEvent'>;
  readonly ports: Pick<BuildPorts, 'builder' | 'registry'>;
}

/**
 * Compile once, assemble often (core/src/build/artifact.ts has the rules): before a node with an
 * `artifact:` stage is built, find its artifact in the registry by key, or build that stage alone.
 * The image is then assembled from it (ARTIFACT_IMAGE). A newly built artifact is pushed beside the
 * image only once the image passed its smoke tests (pushArtifact), so a broken compile is never
 * reused.
 */
export interface NodeArtifact {
  /** `sha256:<hex>` of the key material. */
  readonly key: string;
  /** How the image build reaches the artifact: the registry by digest, or the builder's local name. */
  readonly pullRef: string;
  readonly digest: string;
  /** Found in the registry (not compiled by this run). */
  readonly reused: boolean;
  /** Where a newly built artifact's OCI layout is, to push it later. */
  readonly ociLayoutDir?: string;
}

interface ArtifactJob {
  readonly node: CatalogNode;
  readonly artifact?: { readonly stage: string };
  readonly rendered: { readonly dockerfile: string; readonly family: string; readonly outDir: string };
  readonly dir: string;
}

interface ArtifactStepInput {
  readonly request: BuildRequest;
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly step: (name: 'artifact' | 'build', detail?: string) => void;
  /** The platform the build-machine stages run on when it is not the target's (cross-compiling). */
  readonly buildPlatform?: string;
  /** Cross-compiling: the node's artifact for buildPlatform when this run has it (its pull reference). */
  readonly buildPlatformArtifact?: string;
}

/** The node's ancestors as the key names them: node ids, ending with an external parent's reference. */
function lineage(node: CatalogNode, graph: CatalogGraph): string[] {
  const ancestors = graph.ancestors(node.id);
  const root = ancestors.at(-1) ?? node;
  const external = root.parent?.type === 'external' ? [root.parent.ref] : [];
  return [...ancestors.map((a) => a.id), ...external];
}

/** The artifact key of a node whose image declares `artifact:`. */
export async function artifactKey(
  job: ArtifactJob & { artifact: { stage: string } },
  graph: CatalogGraph,
  platform: string,
  buildPlatform?: string,
) {
  const material = artifactKeyMaterial({
    dockerfile: job.rendered.dockerfile,
    stage: job.artifact.stage,
    contextFiles: (await contextFileHashes(job.dir)).filter((file) => file.path !== 'Dockerfile'),
    lineage: lineage(job.node, graph),
    family: job.rendered.family,
    platform,
    ...(buildPlatform ? { buildPlatform } : {}),
  });
  return `sha256:${createHash('sha256').update(material).digest('hex')}`;
}

/** Finds the node's artifact in the registry, or builds its stage; undefined for images without one. */
export async function ensureArtifact(
  job: ArtifactJob,
  context: ArtifactContext,
  input: ArtifactStepInput,
): Promise<NodeArtifact | undefined> {
  const { artifact } = job;
  if (!artifact) return undefined;
  const { settings, ports } = context;
  const platform = input.request.platform ?? HOST_PLATFORM;
  const key = await artifactKey({ ...job, artifact }, context.graph, platform, input.buildPlatform);
  const found = await findArtifact(job.node, key, context, 'compiling');
  if (found) {
    input.step('artifact', `reused ${found.digest} (${artifactTag(key)})`);
    return { key, digest: found.digest, pullRef: found.pullRef, reused: true };
  }
  const localName = localArtifactName(job.node, workspaceKey(settings.out), key);
  const buildArtifact = await buildMachineArtifact({ ...job, artifact }, context, input);
  const request = artifactBuildRequest(input.request, {
    stage: artifact.stage,
    localName,
    out: settings.out,
    outDir: job.rendered.outDir,
    key,
    labelPrefix: context.catalog.labels.prefix,
    ...(buildArtifact ? { buildArtifact } : {}),
  });
  await mkdir(dirname(request.ociLayoutDir as string), { recursive: true });
  const using = buildArtifact ? ` with its ${input.buildPlatform} artifact ${buildArtifact}` : '';
  const cross = input.buildPlatform ? `, cross-compiled on ${input.buildPlatform}${using}` : '';
  input.step('artifact', `compiling stage ${artifact.stage} (none stored for key ${key.slice(7, 19)}${cross})`);
  const result = await ports.builder.build(request, {
    logFile: input.logFile,
    signal: input.signal,
    onCommand: (argv) => settings.onEvent({ type: 'command', id: job.node.id, argv: [...argv] }),
    onLine: (line) => settings.onEvent({ type: 'log', id: job.node.id, line }),
  });
  if (!result.ok || !result.manifestDigest)
    throw new NodeFailure(
      `artifact ${result.step} failed (exit ${result.exitCode}); log: ${input.logFile}`,
      result.tail,
    );
  return {
    key,
    digest: result.manifestDigest,
    pullRef: localName,
    reused: false,
    ociLayoutDir: request.ociLayoutDir as string,
  };
}

/**
 * Cross-compiling, for a template that asks for it (BUILD_ARTIFACT_IMAGE, core's build-platform.ts):
 * the node's artifact for the build machine's platform, built earlier in this run or stored in the
 * registry under its key. Undefined otherwise: the template then builds without it.
 */
async function buildMachineArtifact(
  job: ArtifactJob & { artifact: { stage: string } },
  context: ArtifactContext,
  input: ArtifactStepInput,
): Promise<string | undefined> {
  if (!input.buildPlatform || !wantsBuildArtifact(job.rendered.dockerfile)) return undefined;
  if (input.buildPlatformArtifact) return input.buildPlatformArtifact;
  const key = await artifactKey(job, context.graph, input.buildPlatform);
  return (await findArtifact(job.node, key, context, `the ${input.buildPlatform} build is not used`))?.pullRef;
}

/** The registry's artifact of this key; undefined when there is none or the registry cannot say (then `otherwise` is done). */
async function findArtifact(node: CatalogNode, key: string, context: ArtifactContext, otherwise: string) {
  const ref = artifactReference(context.settings.registry, node, key);
  try {
    const found = await context.ports.registry.resolve(ref);
    if (!found || isPlaceholder(found.digest)) return undefined;
    return {
      digest: found.digest,
      pullRef: digestReference(repositoryOf(context.settings.registry, node.image), found.digest),
    };
  } catch (error) {
    context.settings.onEvent({
      type: 'warning',
      message: `${node.id}: artifact ${ref} not checked (${error instanceof Error ? error.message : String(error)}); ${otherwise}`,
    });
    return undefined;
  }
}

/**
 * Stores a newly built artifact beside the image (by digest, then its key tag), after the image
 * passed its smoke tests. Returns the registry's digest of it.
 */
export async function pushArtifact(
  node: CatalogNode,
  artifact: NodeArtifact,
  context: ArtifactContext,
  step: (name: 'push', detail?: string) => void,
): Promise<string> {
  if (artifact.reused || !artifact.ociLayoutDir) return artifact.digest;
  const repository = repositoryOf(context.settings.registry, node.image);
  step('push', `artifact ${artifact.digest} to ${repository}:${artifactTag(artifact.key)}`);
  const pushed = await context.ports.registry.pushOciLayout(artifact.ociLayoutDir, repository, {});
  await context.ports.registry.tag(repository, pushed.digest, artifactTag(artifact.key));
  return pushed.digest;
}
