import { BUILD_BASE_IMAGE_ARG, targetArchMismatches } from '../build/build-platform.js';
import { UsageError } from '../errors.js';
import { repositoryOfReference } from '../names/names.js';
import type { Plan, PlanEntry } from './plan.js';

export const PLAN_FORMATS = ['text', 'json', 'bake', 'github-matrix', 'github', 'tekton'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Build inputs a bake target needs beyond the plan: where each node was rendered, and where it goes. */
export interface BakeInputs {
  /** The rendered folder of each node (Dockerfile + context), e.g. `out/render/python/3.13.5`. */
  readonly contextOf: (entry: PlanEntry) => string;
  /** The repository a node is pushed to, by digest and untagged (`catalog publish` moves tags). */
  readonly repositoryOf: (entry: PlanEntry) => string;
  /** The parent reference a node's FROM names by default (its BASE_IMAGE). */
  readonly baseImageOf: (entry: PlanEntry) => string | null;
  /**
   * The digest of a parent the bake does not build (outside the plan, or external): BASE_IMAGE is
   * pinned to `<repository>@<digest>` and BASE_DIGEST set, as `catalog build` does.
   */
  readonly parentDigestOf?: (entry: PlanEntry) => string | undefined;
  /** The node's build secrets (`secrets:` of its image): each read from its environment variable. */
  readonly secretsOf?: (entry: PlanEntry) => readonly { readonly id: string; readonly env: string }[];
  /** The node's compiled-artifact stage (`artifact:` of its image), if any. */
  readonly artifactStageOf?: (entry: PlanEntry) => string | undefined;
  /**
   * The node's OS family when its Dockerfile has stages that run on the build machine (declares
   * BUILD_BASE_IMAGE: build-platform.ts); undefined when it has none.
   */
  readonly buildStagesOf?: (entry: PlanEntry) => string | undefined;
  /** Only these of each node's platforms (`plan --platform`); all of them when unset. */
  readonly platforms?: readonly string[];
}

/** Bake target names allow letters, digits, `_` and `-`: `python:3.13.5` → `python-3_13_5`. */
export function bakeTargetName(id: string): string {
  return id.replace(':', '-').replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * A docker buildx bake file (JSON) for the plan: one target per node for every platform; a child
 * reaches its parent through a named context `target:<parent>` that replaces the parent's
 * reference in FROM, so a BuildKit cluster builds the hierarchy in order without a registry round
 * trip; a parent the bake does not build is pinned by digest. Each image is pushed by digest,
 * untagged (`push-by-digest`): tags move afterwards with `catalog publish --bake-metadata`, through
 * the guarded tag phase.
 */
export function planAsBake(plan: Plan, inputs: BakeInputs): Record<string, unknown> {
  const ids = new Set(plan.images.map((entry) => entry.id));
  const targets: Record<string, unknown> = {};
  const group: string[] = [];
  for (const entry of plan.images) {
    const base = inputs.baseImageOf(entry);
    const parentTarget =
      entry.parent && entry.parentType === 'node' && ids.has(entry.parent) ? bakeTargetName(entry.parent) : undefined;
    const digest = parentTarget ? undefined : inputs.parentDigestOf?.(entry);
    const name = bakeTargetName(entry.id);
    const secrets = (inputs.secretsOf?.(entry) ?? []).map((s) => `id=${s.id},env=${s.env}`);
    const args: Record<string, string> = {};
    if (base) args.BASE_IMAGE = digest ? `${repositoryOfReference(base) ?? base}@${digest}` : base;
    if (digest) args.BASE_DIGEST = digest;
    const platforms = entry.platforms.filter((p) => !inputs.platforms || inputs.platforms.includes(p));
    const family = inputs.buildStagesOf?.(entry);
    if (family !== undefined && args.BASE_IMAGE)
      Object.assign(args, buildStageArgs(entry, family, platforms, args.BASE_IMAGE));
    const shared = {
      context: inputs.contextOf(entry),
      dockerfile: 'Dockerfile',
      platforms,
      ...(Object.keys(args).length > 0 ? { args } : {}),
      ...(parentTarget && base ? { contexts: { [base]: `target:${parentTarget}` } } : {}),
      ...(secrets.length > 0 ? { secret: secrets } : {}),
    };
    const stage = inputs.artifactStageOf?.(entry);
    // A compiled artifact: its stage is a target of its own, which the node's FROM ${ARTIFACT_IMAGE}
    // reaches through a named context (catalog build looks it up in the registry instead).
    const artifact = stage ? `${name}-artifact` : undefined;
    if (stage && artifact) targets[artifact] = { ...shared, target: stage };
    targets[name] = {
      ...shared,
      output: [`type=image,name=${inputs.repositoryOf(entry)},push-by-digest=true,name-canonical=true,push=true`],
      ...(artifact ? { args: { ...args, ARTIFACT_IMAGE: artifact } } : {}),
      ...(artifact ? { contexts: { ...shared.contexts, [artifact]: `target:${artifact}` } } : {}),
    };
    group.push(name);
  }
  return { group: { default: { targets: group } }, target: targets };
}

/**
 * A bake target's build-machine stages: BUILD_BASE_IMAGE names the parent as BASE_IMAGE does (the
 * same named context, or the same digest: BuildKit takes the build platform's manifest from it).
 * CATALOG_ARCH stays unset: one target builds every platform, so the stage falls back to
 * TARGETARCH, and a platform whose OS-family architecture that does not name is refused.
 */
function buildStageArgs(entry: PlanEntry, family: string, platforms: readonly string[], base: string) {
  const [mismatch] = targetArchMismatches(family, platforms);
  if (mismatch) {
    throw new UsageError(
      `${entry.id} compiles on the build machine for ${mismatch.platform}, whose ${family} architecture ` +
        `${mismatch.arch} is not BuildKit's TARGETARCH ${mismatch.buildkit}: a bake target cannot pass it per platform`,
      `build it with catalog build (--platform ${mismatch.platform}), or one job per platform (plan --format github or tekton)`,
    );
  }
  return { [BUILD_BASE_IMAGE_ARG]: base };
}
