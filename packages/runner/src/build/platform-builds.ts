import {
  canonicalPlatform,
  digestReference,
  inputHashLabel,
  type NodeReportSupply,
  platformsSupply,
  repositoryOf,
  tagReference,
} from '@catalog/core';
import { publishedIndexSupply, publishedSupply } from '../supply-state.js';
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
 * for that platform), up to date when the image index its tag names holds exactly its platforms,
 * each with the same hash. Otherwise each platform is built, tested and pushed by digest in turn,
 * except one whose image under the tag is still current (same hash: a platform added to a published
 * node, or a fix that changed another platform's parent), which the new index keeps by digest. Then
 * the OCI image index (one manifest per platform, each with its platform) is pushed by digest, and
 * its tags name it. A platform that fails fails the node, so none of its tags move (the subtree rule).
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
  const published = context.settings.refresh?.has(job.node.id)
    ? undefined
    : await publishedPlatforms(job, context, inputs);
  if (published?.whole) {
    const { whole } = published;
    return { status: 'up-to-date', ...whole, ...(await upToDateSupply(job, context, whole)) };
  }
  const built = await buildEachPlatform(job, context, { inputs, prepared, current: published?.current }, steps);
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
 * Each platform's image for the new index, the build machine's first: kept when `current` has it,
 * else built, tested and pushed by digest (from its own prepared file, if any).
 */
async function buildEachPlatform(
  job: NodeJob,
  context: PipelineContext,
  {
    inputs,
    prepared,
    current,
  }: {
    inputs: readonly PlatformInput[];
    prepared: ReadonlyMap<string, string>;
    current: ReadonlyMap<string, CurrentPlatform> | undefined;
  },
  steps: NodeSteps,
): Promise<PlatformImage[]> {
  const built: PlatformImage[] = [];
  const artifacts = new Map<string, string>();
  for (const input of buildMachineFirst(inputs)) {
    const step: NodeSteps['step'] = (name, detail) =>
      steps.step(name, `${input.platform}${detail ? `: ${detail}` : ''}`);
    const kept = current?.get(input.platform);
    if (kept) {
      step('check', `up to date (${kept.digest}): the new index keeps it`);
      built.push(await keptPlatform(job, context, kept));
      continue;
    }
    // The context holds the last platform's prepared file: each platform builds from its own.
    const file = prepared.get(input.platform);
    if (file) await placePrepared(job, file);
    const image = await buildPlatformImage(job, context, input, { ...steps, step }, artifacts);
    if (image.artifactRef) artifacts.set(input.platform, image.artifactRef);
    built.push({ platform: input.platform, inputHash: input.hash, ...image });
  }
  return built;
}

/**
 * The build machine's platform first: a platform cross-compiled on it may then use its artifact
 * (artifact-step.ts); the index lists the platforms in the catalog's order all the same.
 */
export function buildMachineFirst(inputs: readonly PlatformInput[]): PlatformInput[] {
  const machine = inputs.find((input) => input.buildParent)?.buildParent?.platform;
  return [...inputs].sort((a, b) => Number(b.platform === machine) - Number(a.platform === machine));
}

/** One platform's image in the node's new index: built by this run, or kept from the published one. */
type PlatformImage = PlatformResult & { mediaType: string; size: number; supply?: NodeReportSupply };

/** A platform's image under the node's tag that was built from the same inputs. */
type CurrentPlatform = PlatformResult & { readonly mediaType: string; readonly size: number };

/**
 * What the image under the node's tag holds of its platforms: each platform's image built from
 * the same inputs (`current`), and, when that image is exactly the node's platforms all current,
 * the whole of it (`whole`: the node is up to date). Undefined when there is none.
 */
async function publishedPlatforms(
  job: NodeJob,
  context: PipelineContext,
  inputs: readonly PlatformInput[],
): Promise<
  { current: Map<string, CurrentPlatform>; whole?: Pick<NodeOutcome, 'digest' | 'pullRef' | 'platforms'> } | undefined
> {
  const registry = context.ports.registry;
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const ref = tagReference(context.settings.registry, job.node);
  try {
    const found = await registry.resolve(ref);
    if (!found || !registry.platformDigests) return undefined;
    const listed = await registry.platformDigests(ref);
    const current = new Map<string, CurrentPlatform>();
    for (const input of inputs) {
      const entry = listed.find((p) => canonicalPlatform(p.platform) === input.platform);
      if (!entry) continue;
      const pullRef = digestReference(repository, entry.digest);
      const labels = await registry.imageLabels(pullRef);
      if (labels[inputHashLabel(context.catalog.labels.prefix)] !== input.hash) continue;
      const { digest, mediaType, size } = entry;
      current.set(input.platform, {
        platform: input.platform,
        digest,
        pullRef,
        inputHash: input.hash,
        mediaType,
        size,
      });
    }
    if (listed.length !== inputs.length || current.size !== inputs.length) return { current };
    const platforms = inputs.map((input) => strip(current.get(input.platform) as CurrentPlatform));
    return { current, whole: { digest: found.digest, pullRef: digestReference(repository, found.digest), platforms } };
  } catch (error) {
    return uncheckedRegistry(job.node.id, ref, error, context);
  }
}

/** A current platform image the new index keeps; with --push, its signature and SBOM as the registry has them. */
async function keptPlatform(job: NodeJob, context: PipelineContext, kept: CurrentPlatform): Promise<PlatformImage> {
  if (!context.settings.supply || !context.settings.push) return kept;
  const repository = repositoryOf(context.settings.registry, job.node.image);
  const supply = await publishedSupply(context.ports.registry, repository, kept.digest).catch(() => undefined);
  return supply ? { ...kept, supply } : kept;
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
