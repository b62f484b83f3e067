import {
  canonicalPlatform,
  digestReference,
  inputHashLabel,
  type NodeReportSupply,
  platformsSupply,
  repositoryOf,
  tagReference,
} from '@catalog/core';
import { publishedIndexSupply } from '../supply-state.js';
import { NodeFailure } from './node-failure.js';
import { uncheckedRegistry } from './parent-pin.js';
import type {
  NodeJob,
  NodeOutcome,
  NodeSteps,
  PipelineContext,
  PlatformInput,
  PlatformPins,
  PlatformResult,
} from './pipeline-types.js';
import { buildPlatformImage, nodeInputHash } from './platform-image.js';
import { placePrepared, runPrepare } from './prepare-step.js';
import { signImageIndex } from './supply-step.js';

/**
 * A node built for several platforms: one input hash per platform (each over its parent's manifest
 * for that platform), up to date only when the image index its tag names holds every platform with
 * the same hash; otherwise each platform is built, tested and pushed by digest in turn, then their
 * OCI image index (one manifest per platform, each with its platform) by digest. Its tags then name
 * the index. A platform that fails fails the node, so none of its tags move (the subtree rule).
 */
export async function buildPlatforms(
  job: NodeJob,
  context: PipelineContext,
  pins: readonly PlatformPins[],
  steps: NodeSteps,
): Promise<NodeOutcome> {
  const inputs: PlatformInput[] = [];
  const prepared = new Map<string, string>();
  for (const [i, platform] of job.node.platforms.entries()) {
    const pin = pins[i] ?? { parent: null };
    if (job.prepare) {
      steps.step('prepare', `${platform}: ${job.prepare.run.join(' ')}`);
      const file = await runPrepare(job, context, steps, platform);
      if (file) prepared.set(platform, file);
    }
    inputs.push({ ...pin, platform, hash: await nodeInputHash(job, context, { ...pin, platform }, true) });
  }
  steps.step('check');
  const current = context.settings.refresh?.has(job.node.id)
    ? undefined
    : await upToDatePlatforms(job, context, inputs);
  if (current) return { status: 'up-to-date', ...current, ...(await upToDateSupply(job, context, current)) };
  const built: (PlatformResult & { mediaType: string; size: number; supply?: NodeReportSupply })[] = [];
  const artifacts = new Map<string, string>();
  for (const input of buildMachineFirst(inputs)) {
    const step: NodeSteps['step'] = (name, detail) =>
      steps.step(name, `${input.platform}${detail ? `: ${detail}` : ''}`);
    // The context holds the last platform's prepared file: each platform builds from its own.
    const file = prepared.get(input.platform);
    if (file) await placePrepared(job, file);
    const image = await buildPlatformImage(job, context, input, { ...steps, step }, artifacts);
    if (image.artifactRef) artifacts.set(input.platform, image.artifactRef);
    built.push({ platform: input.platform, inputHash: input.hash, ...image });
  }
  built.sort((a, b) => job.node.platforms.indexOf(a.platform) - job.node.platforms.indexOf(b.platform));
  const platforms = built.map(({ platform, digest, pullRef, inputHash }) => ({ platform, digest, pullRef, inputHash }));
  if (!context.settings.push) return { status: 'built', platforms };
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const pushIndex = context.ports.registry.pushIndex;
  if (!pushIndex) throw new NodeFailure(`cannot push an image index to ${repository}`);
  steps.step('push', `image index of ${job.node.platforms.join(', ')} to ${repository}`);
  const entries = built.map(({ digest, mediaType, size, platform }) => ({ digest, mediaType, size, platform }));
  const index = (await pushIndex.call(context.ports.registry, repository, entries)).digest;
  const indexSigned = await signImageIndex(job, context, { repository, digest: index }, steps);
  const supplies = built.flatMap(({ platform, supply }) => (supply ? [{ platform, supply }] : []));
  const supply = supplies.length === built.length ? { supply: platformsSupply(supplies, indexSigned) } : {};
  return { status: 'built', digest: index, pullRef: digestReference(repository, index), platforms, ...supply };
}

/**
 * The build machine's platform first: a platform cross-compiled on it may then use its artifact
 * (artifact-step.ts); the index lists the platforms in the catalog's order all the same.
 */
export function buildMachineFirst(inputs: readonly PlatformInput[]): PlatformInput[] {
  const machine = inputs.find((input) => input.buildParent)?.buildParent?.platform;
  return [...inputs].sort((a, b) => Number(b.platform === machine) - Number(a.platform === machine));
}

/** The registry's index for this node, when it holds exactly its platforms, each built from the same inputs. */
async function upToDatePlatforms(
  job: NodeJob,
  context: PipelineContext,
  inputs: readonly PlatformInput[],
): Promise<Pick<NodeOutcome, 'digest' | 'pullRef' | 'platforms'> | undefined> {
  const registry = context.ports.registry;
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const ref = tagReference(context.settings.registry, job.node);
  try {
    const found = await registry.resolve(ref);
    if (!found || !registry.platformDigests) return undefined;
    const listed = await registry.platformDigests(ref);
    if (listed.length !== inputs.length) return undefined;
    const platforms: PlatformResult[] = [];
    for (const input of inputs) {
      const entry = listed.find((p) => canonicalPlatform(p.platform) === input.platform);
      if (!entry) return undefined;
      const labels = await registry.imageLabels(digestReference(repository, entry.digest));
      if (labels[inputHashLabel(context.catalog.labels.prefix)] !== input.hash) return undefined;
      platforms.push({
        ...input,
        digest: entry.digest,
        pullRef: digestReference(repository, entry.digest),
        inputHash: input.hash,
      });
    }
    return {
      digest: found.digest,
      pullRef: digestReference(repository, found.digest),
      platforms: platforms.map(strip),
    };
  } catch (error) {
    return uncheckedRegistry(job.node.id, ref, error, context);
  }
}

/** With --push: each up-to-date platform image's signature and SBOM size, and the index's signature (see publishedSupply); none when unreadable. */
async function upToDateSupply(
  job: NodeJob,
  context: PipelineContext,
  { platforms, digest }: Pick<NodeOutcome, 'digest' | 'platforms'>,
): Promise<{ supply?: NodeReportSupply }> {
  if (!context.settings.supply || !context.settings.push || !platforms || !digest) return {};
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const supply = await publishedIndexSupply(context.ports.registry, repository, platforms, digest).catch(
    () => undefined,
  );
  return supply ? { supply } : {};
}

function strip({ platform, digest, pullRef, inputHash }: PlatformResult): PlatformResult {
  return { platform, digest, pullRef, inputHash };
}
