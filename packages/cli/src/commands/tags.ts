import { type Catalog, type CatalogNode, computeTags, immutableTag, nextRevision } from '@catalog/core';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import {
  type AffectedOptions,
  addAffected,
  addSelection,
  type SelectionOptions,
  selectForCommand,
} from '../selection.js';

/** One row of `catalog tags`. */
export interface TagsEntry {
  readonly id: string;
  readonly image: string;
  readonly version: string;
  readonly variant: string | null;
  /** Rolling tags, the full version tag first. */
  readonly tags: readonly string[];
  /** The immutable tag the next publish gets. */
  readonly immutable: string;
}

const FOOTER =
  'next immutable tags are -r1: no registry information is available yet. ' +
  'Rolling tags move on every rebuild; only -rN tags and digests are reproducible.';

export function registerTags(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('tags')))
    .description('show the tags each node is published under')
    .action(async (selectors: string[], options: SelectionOptions & AffectedOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const loaded = await loadCatalogFile(globals, io);
      const { catalog } = loaded;
      const entries = tagsEntries(catalog, await selectForCommand(loaded, selectors, options));
      if (globals.json) {
        return writeJson(io.stdout, { registry: catalog.registry, revisionsKnown: false, images: entries });
      }
      for (const line of table(entries)) writeLine(io.stdout, line);
      writeLine(io.stdout, FOOTER);
    });
}

function tagsEntries(catalog: Catalog, nodes: readonly CatalogNode[]): TagsEntry[] {
  const plan = computeTags(catalog);
  return nodes.map((node) => {
    const tags = plan.get(node.id);
    // No registry or ledger is read yet: every node's next revision is the first.
    const revision = nextRevision(node.version, node.variant, []);
    return {
      id: node.id,
      image: node.image,
      version: node.version,
      variant: node.variant,
      tags: tags?.rolling ?? [],
      immutable: immutableTag(tags?.immutablePrefix ?? node.version, revision),
    };
  });
}

function table(entries: readonly TagsEntry[]): string[] {
  const rows = [
    ['NODE', 'TAGS', 'NEXT IMMUTABLE'],
    ...entries.map((entry) => [entry.id, entry.tags.join(' '), entry.immutable]),
  ];
  const widths = [0, 1].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map(([id = '', tags = '', immutable = '']) =>
    `${id.padEnd(widths[0] ?? 0)}  ${tags.padEnd(widths[1] ?? 0)}  ${immutable}`.trimEnd(),
  );
}
