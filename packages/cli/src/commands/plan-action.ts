import {
  canonicalPlatform,
  createPlan,
  knownPlatformNames,
  type PlanEntry,
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
  // The catalog's platforms (every node's), unless --platform names others.
  const wanted = options.platform ?? [...new Set(plan.images.flatMap((entry) => entry.platforms))];
  if (format === 'github-matrix') return writeJson(io.stdout, planAsGithubMatrix(plan, checked(wanted, true)));
  if (format === 'github') return void io.stdout.write(planAsGithubWorkflow(plan, checked(wanted, true)));
  if (format === 'tekton') return void io.stdout.write(planAsTekton(plan, checked(wanted)));
  if (format === 'bake')
    return writeJson(
      io.stdout,
      await bakeFile(loaded, plan, options.platform ? checked(options.platform) : undefined, io),
    );
  for (const gone of result.deleted ?? []) {
    writeLine(io.stdout, `deleted ${gone.id}: nothing to build; tags to retire: ${gone.tags.join(' ') || 'none'}`);
  }
  if (plan.images.length === 0)
    return writeLine(io.stdout, affected ? 'nothing affected: 0 nodes to build' : '0 nodes to build');
  const top = Math.min(...plan.images.map((entry) => entry.level));
  const platforms = new Set(plan.images.map((entry) => entry.platforms.join(', ')));
  // One set for every node: said once at the end; otherwise each node says its own.
  const perNode = platforms.size > 1;
  for (const entry of plan.images) writeLine(io.stdout, describe(entry, entry.level - top, perNode));
  const count = `${plan.images.length} node${plan.images.length === 1 ? '' : 's'}`;
  const all = perNode ? '' : ` for ${[...platforms][0]}`;
  writeLine(io.stdout, `${count} to build into ${plan.registry}${all}`);
}

/** The platforms of --platform, canonical (core's platforms home); for GitHub, each with a native runner. */
function checked(names: readonly string[], github = false): readonly string[] {
  const platforms: string[] = [];
  for (const name of names) {
    const platform = canonicalPlatform(name);
    if (!platform) throw new UsageError(`--platform ${name} is not a platform`, `use one of ${knownPlatformNames()}`);
    platforms.push(platform);
    try {
      if (github) runnerOf(platform);
    } catch (error) {
      throw new UsageError(`--platform ${platform}: ${(error as Error).message}`);
    }
  }
  return platforms;
}

function describe(entry: PlanEntry, depth: number, platforms: boolean): string {
  const indent = '  '.repeat(depth);
  const from =
    entry.parent === null
      ? 'from nothing'
      : `FROM ${entry.parent}${entry.parentInPlan || entry.parentType === 'external' ? '' : ' (not in this plan; must already be published)'}`;
  const on = platforms ? ` [${entry.platforms.join(', ')}]` : '';
  return `${indent}${entry.id}  ${entry.kind}, ${from}${on}${entry.reason ? `  ← ${entry.reason}` : ''}`;
}

/** Git starts before the catalog is parsed and runs meanwhile (affected.js loads only when asked). */
async function beginChanges(globals: GlobalOptions, io: CliIo, options: AffectedOptions) {
  const module = await import('../affected.js');
  return { module, pending: module.startChanges(catalogLocation(globals, io), options) };
}
