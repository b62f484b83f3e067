import { createPlan, type PlanEntry } from '@catalog/core';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { addSelection, type SelectionOptions } from '../selection.js';

export function registerPlan(program: Command, io: CliIo): void {
  addSelection(program.command('plan'))
    .description('list the nodes to build, parents first')
    .action(async (selectors: string[], options: SelectionOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { catalog, graph } = await loadCatalogFile(globals, io);
      const plan = createPlan(catalog, graph, { selectors, ...options });
      if (globals.json) return writeJson(io.stdout, plan);
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
  return `${indent}${entry.id}  ${entry.kind}, ${from}`;
}
