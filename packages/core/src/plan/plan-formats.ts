import type { Plan, PlanEntry } from './plan.js';

export const PLAN_FORMATS = ['text', 'json', 'bake', 'github-matrix'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** Build inputs a bake target needs beyond the plan: where each node was rendered, and its tags. */
export interface BakeInputs {
  /** The rendered folder of each node (Dockerfile + context), e.g. `out/render/python/3.13.5`. */
  readonly contextOf: (entry: PlanEntry) => string;
  readonly tagsOf: (entry: PlanEntry) => readonly string[];
  /** The parent reference a node's FROM names by default (its BASE_IMAGE). */
  readonly baseImageOf: (entry: PlanEntry) => string | null;
  /** The node's compiled-artifact stage (`artifact:` of its image), if any. */
  readonly artifactStageOf?: (entry: PlanEntry) => string | undefined;
}

/** Bake target names allow letters, digits, `_` and `-`: `python:3.13.5` → `python-3_13_5`. */
export function bakeTargetName(id: string): string {
  return id.replace(':', '-').replace(/[^A-Za-z0-9_-]/g, '_');
}

/**
 * A docker buildx bake file (JSON) for the plan: one target per node; a child reaches its parent
 * through a named context `target:<parent>` that replaces the parent's reference in FROM, so a
 * BuildKit cluster builds the hierarchy in order without a registry round trip.
 */
export function planAsBake(plan: Plan, inputs: BakeInputs): Record<string, unknown> {
  const ids = new Set(plan.images.map((entry) => entry.id));
  const targets: Record<string, unknown> = {};
  const group: string[] = [];
  for (const entry of plan.images) {
    const base = inputs.baseImageOf(entry);
    const parentTarget =
      entry.parent && entry.parentType === 'node' && ids.has(entry.parent) ? bakeTargetName(entry.parent) : undefined;
    const name = bakeTargetName(entry.id);
    const shared = {
      context: inputs.contextOf(entry),
      dockerfile: 'Dockerfile',
      platforms: [...entry.platforms],
      ...(base ? { args: { BASE_IMAGE: base } } : {}),
      ...(parentTarget && base ? { contexts: { [base]: `target:${parentTarget}` } } : {}),
    };
    const stage = inputs.artifactStageOf?.(entry);
    // A compiled artifact: its stage is a target of its own, which the node's FROM ${ARTIFACT_IMAGE}
    // reaches through a named context (catalog build looks it up in the registry instead).
    const artifact = stage ? `${name}-artifact` : undefined;
    if (stage && artifact) targets[artifact] = { ...shared, target: stage };
    targets[name] = {
      ...shared,
      tags: [...inputs.tagsOf(entry)],
      ...(artifact ? { args: { ...shared.args, ARTIFACT_IMAGE: artifact } } : {}),
      ...(artifact ? { contexts: { ...shared.contexts, [artifact]: `target:${artifact}` } } : {}),
    };
    group.push(name);
  }
  return { group: { default: { targets: group } }, target: targets };
}

/**
 * The plan as CI jobs: one entry per node, parents first, each with the ids it needs (its parent
 * when that is in the plan) and its level. A workflow runs one matrix job per level, or one job per
 * node with `needs`, and the order holds.
 */
export function planAsGithubMatrix(plan: Plan): { include: Record<string, unknown>[] } {
  const ids = new Set(plan.images.map((entry) => entry.id));
  return {
    include: plan.images.map((entry) => ({
      node: entry.id,
      job: bakeTargetName(entry.id),
      image: entry.image,
      level: entry.level,
      platforms: entry.platforms.join(','),
      needs: entry.parent && entry.parentType === 'node' && ids.has(entry.parent) ? [bakeTargetName(entry.parent)] : [],
    })),
  };
}
