import {
  createPlan,
  DEFAULT_PLATFORMS,
  type PlanEntry,
  parsePlatform,
  planAsGithubMatrix,
  planAsGithubWorkflow,
  planAsTekton,
  runnerOf,
  UsageError,
} from '@catalog/core';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { catalogLocation, loadCatalogFile } from '../load.js';
import type { AffectedOptions } from '../selection-options.js';
import { bakeFile } from './plan-bake.js';
import type { PlanOptions } from './plan-options.js';

export async function planAction(
  selectors: string[],
  options: PlanOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const changes = options.affected || options.files ? await beginChanges(globals, io, options) : undefined;
  const loaded = await loadCatalogFile(globals, io, { tags: false });
  const affected = changes ? await changes.module.affectedSelection(loaded, options, changes.pending) : undefined;
  const only = affected ? new Map(affected.nodes.map((n) => [n.id, n.reason])) : undefined;
  const plan = createPlan(loaded.catalog, loaded.graph, { selectors, ...options, ...(only ? { only } : {}) });
  const result = affected ? { ...plan, deleted: affected.deletedTags } : plan;
  const format = globals.json ? 'json' : options.format;
  if (format === 'json') return writeJson(io.stdout, result);
  const platforms = options.platform ?? DEFAULT_PLATFORMS;
  if (format === 'github-matrix') return writeJson(io.stdout, planAsGithubMatrix(plan, checked(platforms, true)));
  if (format === 'github') return void io.stdout.write(planAsGithubWorkflow(plan, checked(platforms, true)));
  if (format === 'tekton') return void io.stdout.write(planAsTekton(plan, checked(platforms)));
  if (format === 'bake') return writeJson(io.stdout, await bakeFile(loaded, plan, checked(platforms), io));
  for (const gone of result.deleted ?? []) {
    writeLine(io.stdout, `deleted ${gone.id}: nothing to build; tags to retire: ${gone.tags.join(' ') || 'none'}`);
  }
  if (plan.images.length === 0)
    return writeLine(io.stdout, affected ? 'nothing affected: 0 nodes to build' : '0 nodes to build');
  const top = Math.min(...plan.images.map((entry) => entry.level));
  for (const entry of plan.images) writeLine(io.stdout, describe(entry, entry.level - top));
  writeLine(
    io.stdout,
    `${plan.images.length} node${plan.images.length === 1 ? '' : 's'} to build into ${plan.registry}`,
  );
}

/** The platforms of --platform: each os/architecture[/variant]; for GitHub, with a native runner. */
function checked(platforms: readonly string[], github = false): readonly string[] {
  for (const platform of platforms) {
    if (!parsePlatform(platform))
      throw new UsageError(`--platform ${platform}: expected os/architecture[/variant], e.g. linux/arm64`);
    try {
      if (github) runnerOf(platform);
    } catch (error) {
      throw new UsageError(`--platform ${platform}: ${(error as Error).message}`);
    }
  }
  return platforms;
}

function describe(entry: PlanEntry, depth: number): string {
  const indent = '  '.repeat(depth);
  const from =
    entry.parent === null
      ? 'from nothing'
      : `FROM ${entry.parent}${entry.parentInPlan || entry.parentType === 'external' ? '' : ' (not in this plan; must already be published)'}`;
  return `${indent}${entry.id}  ${entry.kind}, ${from}${entry.reason ? `  ← ${entry.reason}` : ''}`;
}

/** Git starts before the catalog is parsed and runs meanwhile (affected.js loads only when asked). */
async function beginChanges(globals: GlobalOptions, io: CliIo, options: AffectedOptions) {
  const module = await import('../affected.js');
  return { module, pending: module.startChanges(catalogLocation(globals, io), options) };
}
