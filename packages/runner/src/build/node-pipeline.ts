import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog } from '@catalog/core';
import {
  digestReference,
  downloadFailureHint,
  inputHashLabel,
  mirrorsUsedBy,
  repositoryOf,
  tagReference,
} from '@catalog/core';
import { publishedSupply } from '../supply-state.js';
import type { BuildStep } from './events.js';
import { NodeFailure } from './node-failure.js';
import { messageOf, resolvePins, uncheckedRegistry } from './parent-pin.js';
import type { NodeJob, NodeOutcome, NodeResult, NodeSteps, PipelineContext, PlatformPins } from './pipeline-types.js';
import { buildPlatforms } from './platform-builds.js';
import { buildPlatformImage, nodeInputHash } from './platform-image.js';
import { runPrepare } from './prepare-step.js';

export type { NodeJob, NodeResult, PipelineContext, PlatformResult } from './pipeline-types.js';

/**
 * Builds one node: resolve its parent, prepare its context, hash its inputs, skip it when the
 * registry holds an image built from the same inputs, else build, test and push by digest (no tag);
 * per platform, then their image index, for several (platform-builds.ts). Never throws.
 */
export async function buildNode(job: NodeJob, context: PipelineContext, signal: AbortSignal): Promise<NodeResult> {
  const started = Date.now();
  const logFile = join(context.settings.out, 'logs', `${job.node.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`);
  const step = (name: BuildStep, detail?: string): void =>
    context.settings.onEvent({ type: 'step', id: job.node.id, step: name, ...(detail ? { detail } : {}) });
  try {
    await mkdir(join(context.settings.out, 'logs'), { recursive: true });
    const pins: PlatformPins[] = [];
    for (const platform of job.node.platforms) pins.push(await resolvePins(job, context, platform));
    const steps = { logFile, signal, step };
    // A node built for several platforms prepares once per platform (platform-builds.ts).
    if (job.prepare && job.node.platforms.length === 1) {
      step('prepare', job.prepare.run.join(' '));
      await runPrepare(job, context, steps, job.node.platforms[0] as string);
    }
    const outcome =
      job.node.platforms.length > 1
        ? await buildPlatforms(job, context, pins, steps)
        : await buildOnePlatformNode(job, context, pins[0] ?? { parent: null }, steps);
    const built = outcome.status === 'built' ? { logFile } : {};
    return { id: job.node.id, ...outcome, durationMs: Date.now() - started, ...built };
  } catch (error) {
    const tail = error instanceof NodeFailure ? error.tail : [];
    const reason = signal.aborted ? 'interrupted' : withDownloadHint(messageOf(error), tail, job, context.catalog);
    return { id: job.node.id, status: 'failed', reason, tail, durationMs: Date.now() - started, logFile };
  }
}

/** A node built for one platform: up to date by its tag's image, else built and pushed by digest. */
async function buildOnePlatformNode(
  job: NodeJob,
  context: PipelineContext,
  pins: PlatformPins,
  steps: NodeSteps,
): Promise<NodeOutcome> {
  const platform = job.node.platforms[0] as string;
  const hash = await nodeInputHash(job, context, { ...pins, platform }, false);
  steps.step('check');
  const current = context.settings.refresh?.has(job.node.id) ? undefined : await upToDate(job, context, hash);
  if (current)
    return {
      status: 'up-to-date',
      ...current,
      ...(await upToDateSupply(job, context, current.digest)),
      inputHash: hash,
    };
  const built = await buildPlatformImage(job, context, { ...pins, platform, hash }, steps);
  return {
    status: 'built',
    digest: built.digest,
    pullRef: built.pullRef,
    inputHash: hash,
    ...(built.artifact ? { artifact: built.artifact } : {}),
    ...(built.supply ? { supply: built.supply } : {}),
  };
}

/** A failure's reason, with the mirror settings to change when its log shows a failed download. */
function withDownloadHint(reason: string, tail: readonly string[], job: NodeJob, catalog: Catalog): string {
  const hint = downloadFailureHint(tail, mirrorsUsedBy(job.rendered.dockerfile, Object.keys(catalog.mirrors)));
  return hint ? `${reason}; ${hint}` : reason;
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
    return uncheckedRegistry(job.node.id, ref, error, context);
  }
}

/** With --push: whether the up-to-date image is signed and its SBOM's size (see publishedSupply); unknown when unreadable. */
async function upToDateSupply(job: NodeJob, context: PipelineContext, digest: string | undefined) {
  if (!context.settings.supply || !context.settings.push || !digest) return {};
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const supply = await publishedSupply(context.ports.registry, repository, digest).catch(() => undefined);
  return supply ? { supply } : {};
}
