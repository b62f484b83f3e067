import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type {
  BuildRequest,
  BuildSecretSpec,
  Catalog,
  CatalogGraph,
  CatalogNode,
  NodePrepareStep,
  NodeReportArtifact,
  NodeReportSupply,
  NodeSmokeTest,
  ParentPin,
  RenderedNode,
  SourceBuiltComponent,
} from '@catalog/core';
import {
  CatalogToolError,
  digestReference,
  downloadFailureHint,
  imageFormatOf,
  inputHashLabel,
  isPlaceholder,
  mirrorsUsedBy,
  nodeBuildArgs,
  nodeBuildRequest,
  placeholder,
  repositoryOf,
  repositoryOfReference,
  tagReference,
} from '@catalog/core';
import { publishedSupply } from '../supply-state.js';
import { ensureArtifact, type NodeArtifact, pushArtifact } from './artifact-step.js';
import type { BuildStep, NodeStatus } from './events.js';
import { inputHash } from './input-hash.js';
import { checkLabels, recordSbom, runSmokeTests } from './node-checks.js';
import { NodeFailure } from './node-failure.js';
import { type BuildPorts, commandSink } from './ports.js';
import { runPrepareStep } from './prepare-step.js';
import { type BuildRunSettings, runFacts } from './settings.js';
import { publishNodeSupply } from './supply-step.js';

/** One node's work, ready to run: what was rendered and where it was written. */
export interface NodeJob {
  readonly node: CatalogNode;
  readonly rendered: RenderedNode;
  /** The written build folder (Dockerfile + context). */
  readonly dir: string;
  readonly prepare?: NodePrepareStep;
  readonly tests: readonly NodeSmokeTest[];
  /** The image's declared build secrets (their files come from the environment at build time). */
  readonly secrets: readonly BuildSecretSpec[];
  /** The image's compiled-artifact stage (see artifact-step.ts). */
  readonly artifact?: { readonly stage: string };
  /** What the node's lineage builds from source (its and its ancestors' `source`/`sources`), for the SBOM and provenance. */
  readonly builtFromSource: readonly SourceBuiltComponent[];
}

export interface NodeResult {
  readonly id: string;
  readonly status: NodeStatus;
  readonly reason?: string;
  /** The manifest digest (built here, or found up to date in the registry). */
  readonly digest?: string;
  /** How a child's FROM reaches this image: the registry by digest, or the builder's local name. */
  readonly pullRef?: string;
  readonly inputHash?: string;
  readonly durationMs?: number;
  readonly logFile?: string;
  readonly tail?: readonly string[];
  /** The node's compiled artifact: its key, digest, and whether it was reused from the registry. */
  readonly artifact?: NodeReportArtifact;
  /** Its signature and attestations, when it was pushed. */
  readonly supply?: NodeReportSupply;
}

export interface PipelineContext {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  readonly settings: BuildRunSettings;
  readonly ports: BuildPorts;
  /** Results of the nodes finished so far in this run. */
  readonly results: ReadonlyMap<string, NodeResult>;
}

/**
 * Builds one node: resolve its parent, prepare its context, hash its inputs, skip it when the
 * registry already holds an image built from the same inputs, otherwise build, export, push by
 * digest (no tag) and run its smoke tests. Never throws: failures become a failed result.
 */
export async function buildNode(job: NodeJob, context: PipelineContext, signal: AbortSignal): Promise<NodeResult> {
  const started = Date.now();
  const logFile = join(context.settings.out, 'logs', `${job.node.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`);
  const step = (name: BuildStep, detail?: string): void =>
    context.settings.onEvent({ type: 'step', id: job.node.id, step: name, ...(detail ? { detail } : {}) });
  try {
    await mkdir(join(context.settings.out, 'logs'), { recursive: true });
    const parent = await resolveParent(job.node, context);
    if (job.prepare) {
      step('prepare', job.prepare.run.join(' '));
      await runPrepare(job, context, logFile, signal);
    }
    const hash = await nodeInputHash(job, context, parent);
    step('check');
    const current = context.settings.refresh?.has(job.node.id) ? undefined : await upToDate(job, context, hash);
    if (current) {
      const supply = await upToDateSupply(job, context, current.digest);
      return {
        id: job.node.id,
        status: 'up-to-date',
        ...current,
        ...supply,
        inputHash: hash,
        durationMs: Date.now() - started,
      };
    }
    const buildInput = { node: job.node, rendered: job.rendered, dir: job.dir, parent, secrets: job.secrets };
    const facts = runFacts(context.settings, context.catalog);
    const request = nodeBuildRequest({ ...buildInput, inputHash: hash }, facts);
    const artifact = await ensureArtifact(job, context, { request, logFile, signal, step });
    const assembled = artifact
      ? nodeBuildRequest({ ...buildInput, inputHash: hash, artifact: { pullRef: artifact.pullRef } }, facts)
      : request;
    const published = { parent, inputHash: hash, startedOn: new Date(started) };
    const built = await buildAndPublish(
      job,
      context,
      { request: assembled, logFile, signal, step, published },
      artifact,
    );
    return {
      id: job.node.id,
      status: 'built',
      digest: built.digest,
      pullRef: built.pullRef,
      inputHash: hash,
      durationMs: Date.now() - started,
      logFile,
      ...(artifact
        ? { artifact: { key: artifact.key, digest: built.artifactDigest ?? artifact.digest, reused: artifact.reused } }
        : {}),
      ...(built.supply ? { supply: built.supply } : {}),
    };
  } catch (error) {
    const tail = error instanceof NodeFailure ? error.tail : [];
    const reason = signal.aborted ? 'interrupted' : withDownloadHint(messageOf(error), tail, job, context.catalog);
    return { id: job.node.id, status: 'failed', reason, tail, durationMs: Date.now() - started, logFile };
  }
}

/** A failure's reason, with the mirror settings to change when its log shows a failed download. */
function withDownloadHint(reason: string, tail: readonly string[], job: NodeJob, catalog: Catalog): string {
  const hint = downloadFailureHint(tail, mirrorsUsedBy(job.rendered.dockerfile, Object.keys(catalog.mirrors)));
  return hint ? `${reason}; ${hint}` : reason;
}

/**
 * The node's input hash. A parent only built in a dry run has a placeholder digest: the hash over
 * it would be a made-up value, so it is a placeholder too (and never matches a registry label).
 */
async function nodeInputHash(job: NodeJob, context: PipelineContext, parent: ParentPin | null): Promise<string> {
  if (parent && isPlaceholder(parent.digest)) return placeholder(`input hash of ${job.node.id}`);
  const buildArgs = nodeBuildArgs(job.rendered, context.settings, parent);
  const format = imageFormatOf(job.rendered.dockerfile).format;
  return inputHash({ dir: job.dir, buildArgs, parentDigest: parent?.digest ?? null, format });
}

/** The parent as this build pulls it: built in this run, or already in a registry. */
async function resolveParent(node: CatalogNode, context: PipelineContext): Promise<ParentPin | null> {
  const parent = node.parent;
  if (!parent) return null;
  if (parent.type === 'node') {
    const result = context.results.get(parent.id);
    if (result?.digest && result.pullRef) return { digest: result.digest, pullRef: result.pullRef };
    const elsewhere = context.settings.builtElsewhere?.get(parent.id);
    if (elsewhere) return { digest: elsewhere.digest, pullRef: elsewhere.pullRef };
    const ref = tagReference(context.settings.registry, context.graph.node(parent.id));
    return resolveInRegistry(ref, context, `build it first (catalog build ${parent.id}) or add --ancestors`);
  }
  const pinned = context.settings.pinnedParents?.get(parent.ref);
  if (pinned) return { digest: pinned.digest, pullRef: pinned.pullRef };
  return resolveInRegistry(parent.ref, context, 'check the reference and that its registry is reachable');
}

async function resolveInRegistry(ref: string, context: PipelineContext, fix: string): Promise<ParentPin> {
  const found = await context.ports.registry.resolve(ref).catch((error: unknown) => {
    throw new NodeFailure(`cannot resolve parent ${ref}: ${messageOf(error)}`);
  });
  if (!found) throw new NodeFailure(`parent ${ref} is not in the registry; ${fix}`);
  return { digest: found.digest, pullRef: digestReference(repositoryOfReference(ref) ?? ref, found.digest) };
}

async function runPrepare(job: NodeJob, context: PipelineContext, logFile: string, signal: AbortSignal): Promise<void> {
  if (!job.prepare) return;
  await runPrepareStep(job.prepare, {
    root: context.settings.root,
    dir: job.dir,
    runCommand: context.ports.runCommand,
    signal,
    logFile,
    onCommand: commandSink(context, job),
    ...(context.settings.refresh?.has(job.node.id) ? { env: { CATALOG_REFRESH: '1' } } : {}),
    onLine: (line) => context.settings.onEvent({ type: 'log', id: job.node.id, line }),
  });
}

/** The registry's image for this node, when it was built from the same inputs. */
async function upToDate(
  job: NodeJob,
  context: PipelineContext,
  hash: string,
): Promise<Pick<NodeResult, 'digest' | 'pullRef'> | undefined> {
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const ref = tagReference(context.settings.registry, job.node);
  try {
    const found = await context.ports.registry.resolve(ref);
    if (!found) return undefined;
    const labels = await context.ports.registry.imageLabels(ref);
    if (labels[inputHashLabel(context.catalog.labels.prefix)] !== hash) return undefined;
    return { digest: found.digest, pullRef: digestReference(repository, found.digest) };
  } catch (error) {
    if (context.settings.push) throw new NodeFailure(`cannot check ${ref}: ${messageOf(error)}`);
    context.settings.onEvent({
      type: 'warning',
      message: `${job.node.id}: registry not checked (${messageOf(error)}); building`,
    });
    return undefined;
  }
}

/** With --push: whether the up-to-date image is signed and its SBOM's size (see publishedSupply); unknown when unreadable. */
async function upToDateSupply(job: NodeJob, context: PipelineContext, digest: string | undefined) {
  if (!context.settings.supply || !context.settings.push || !digest) return {};
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const supply = await publishedSupply(context.ports.registry, repository, digest).catch(() => undefined);
  return supply ? { supply } : {};
}

/** What a build in the docker format says (core's imageFormatOf chose it: the image has a HEALTHCHECK, SHELL or ONBUILD). */
const FORMAT_NOTE = 'docker image format: keeps HEALTHCHECK, SHELL and ONBUILD, which an OCI image config drops';

export interface BuildStepsInput {
  readonly request: BuildRequest;
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly step: (name: BuildStep, detail?: string) => void;
  /** What provenance records of this build. */
  readonly published?: { readonly parent: ParentPin | null; readonly inputHash: string; readonly startedOn: Date };
}

async function buildAndPublish(
  job: NodeJob,
  context: PipelineContext,
  input: BuildStepsInput,
  artifact: NodeArtifact | undefined,
) {
  const { settings, ports } = context;
  const { request } = input;
  const localName = request.image;
  const ociLayoutDir = request.ociLayoutDir as string;
  await mkdir(dirname(ociLayoutDir), { recursive: true });
  input.step('build', request.format === 'docker-v2s2' ? FORMAT_NOTE : undefined);
  const result = await ports.builder.build(request, {
    logFile: input.logFile,
    signal: input.signal,
    onCommand: (argv) => settings.onEvent({ type: 'command', id: job.node.id, argv: [...argv] }),
    onLine: (line) => settings.onEvent({ type: 'log', id: job.node.id, line }),
  });
  if (!result.ok || !result.manifestDigest) {
    throw new NodeFailure(`${result.step} failed (exit ${result.exitCode}); log: ${input.logFile}`, result.tail);
  }
  // Nothing to read when the builder only recorded its commands (a dry run).
  const config = await ports.readImageConfig(ociLayoutDir);
  if (config) checkLabels(job, config);
  await runSmokeTests(job, context, localName, input);
  await recordSbom(job, context, localName, input);
  if (!settings.push) return { localName, digest: result.manifestDigest, pullRef: localName };
  const repository = repositoryOf(settings.registry, job.node.image);
  input.step('push', `${result.manifestDigest} to ${repository}`);
  const parent = job.node.parent?.type === 'node' ? context.graph.node(job.node.parent.id) : undefined;
  const mountFrom = parent ? [repositoryOf(settings.registry, parent.image)] : [];
  const pushed = await ports.registry.pushOciLayout(ociLayoutDir, repository, { mountFrom });
  const supply = await publishNodeSupply(job, context, input, { repository, pushed });
  const artifactDigest = artifact ? await pushArtifact(job.node, artifact, context, input.step) : undefined;
  const pullRef = digestReference(repository, pushed.digest);
  return { localName, digest: pushed.digest, pullRef, artifactDigest, supply };
}

function messageOf(error: unknown): string {
  if (error instanceof CatalogToolError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  return error instanceof Error ? error.message : String(error);
}
