import { type CatalogNode, selectNodes } from '@catalog/core';
import type { Command } from 'commander';
import type { LoadedCatalogFile } from './load.js';
import type { AffectedOptions, SelectionOptions } from './selection-options.js';

export const SELECTORS_HELP = 'image, image:version, image:version-variant or kind:<kind> (default: every node)';

/** Selectors plus --ancestors / --descendants (SelectionOptions). */
export function addSelection(command: Command): Command {
  return command
    .argument('[selectors...]', SELECTORS_HELP)
    .option('--ancestors', 'also select what the selected nodes are built FROM')
    .option('--descendants', 'also select what is built FROM the selected nodes');
}

/** `--affected [--base REF] [--head REF] [--files PATH...]` on plan-shaped commands (AffectedOptions). */
export function addAffected(command: Command): Command {
  return command
    .option('--affected', 'only what a change touched, plus everything built FROM it')
    .option('--base <ref>', 'compare from this commit (default: the merge base with the main branch)')
    .option('--head <ref>', 'compare to this commit (default: the working tree, untracked files included)')
    .option('--files <paths...>', 'the changed paths, as a CI system computed them (instead of asking git)');
}

/**
 * The nodes a plan-shaped command works on: its selectors (with ancestors/descendants), narrowed
 * to what a change touched when --affected or --files is given.
 */
export async function selectForCommand(
  loaded: LoadedCatalogFile,
  selectors: readonly string[],
  options: SelectionOptions & AffectedOptions,
): Promise<CatalogNode[]> {
  const nodes = selectNodes(loaded.graph, selectors, options);
  if (!options.affected && !options.files) return nodes;
  const affected = await (await import('./affected.js')).affectedSelection(loaded, options);
  const ids = new Set(affected?.nodes.map((n) => n.id));
  return nodes.filter((node) => ids.has(node.id));
}
