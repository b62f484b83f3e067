import { createPlan, type PlanEntry } from '@catalog/core';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { type AffectedOptions, addAffected, addSelection, type SelectionOptions } from '../selection.js';

export function registerPlan(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('plan')))
    .description('list the nodes to build, parents first')
    .action(async (selectors: string[], options: SelectionOptions & AffectedOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const loaded = await loadCatalogFile(globals, io);
      const affected =
        options.affected || options.files
          ? await (await import('../affected.js')).affectedSelection(loaded, options)
          : undefined;
      const only = affected ? new Map(affected.nodes.map((n) => [n.id, n.reason])) : undefined;
      const plan = createPlan(loaded.catalog, loaded.graph, { selectors, ...options, ...(only ? { only } : {}) });
      const result = affected ? { ...plan, deleted: affected.deletedTags } : plan;
      if (globals.json) return writeJson(io.stdout, result);
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
    });
}

function describe(entry: PlanEntry, depth: number): string {
  const indent = '  '.repeat(depth);
  const from =
    entry.parent === null
      ? 'from nothing'
      : `FROM ${entry.parent}${entry.parentInPlan || entry.parentType === 'external' ? '' : ' (already published)'}`;
  return `${indent}${entry.id}  ${entry.kind}, ${from}${entry.reason ? `  ← ${entry.reason}` : ''}`;
}
