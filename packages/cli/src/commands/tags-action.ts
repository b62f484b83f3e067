import {
  type Catalog,
  type CatalogNode,
  computeTags,
  newestImmutableTag,
  nextRevision,
  revisionTag,
} from '@catalog/core';
import type { PublishedTags } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { selectForCommand } from '../selection.js';
import type { TagsOptions } from './tags-options.js';

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
  /** The newest immutable tag in the registry, null when none is (or the registry was not read). */
  readonly published: string | null;
  /** The platforms each tag holds (an OCI image index when more than one). */
  readonly platforms: readonly string[];
}

const PROMISE = 'Rolling tags move on every rebuild; only -rN tags and digests are reproducible.';

export async function tagsAction(
  selectors: string[],
  options: TagsOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const { catalog } = loaded;
  const nodes = await selectForCommand(loaded, selectors, options);
  const published = options.offline ? undefined : await readPublishedTags(catalog.registry, nodes, io);
  const entries = tagsEntries(catalog, nodes, published);
  if (published && !published.known) {
    writeLine(
      io.stderr,
      `catalog: warning: ${published.registry} could not be read (${published.reason}); next immutable tags assume nothing is published`,
    );
  }
  if (globals.json) {
    return writeJson(io.stdout, {
      registry: catalog.registry,
      revisionsKnown: published?.known === true,
      ...(published && !published.known ? { registryError: published.reason } : {}),
      images: entries,
    });
  }
  for (const line of table(entries)) writeLine(io.stdout, line);
  writeLine(io.stdout, footer(published));
}

/** The registry's tags for the nodes; the registry client and runner load only when the registry is read. */
async function readPublishedTags(registry: string, nodes: readonly CatalogNode[], io: CliIo): Promise<PublishedTags> {
  const [{ registryClient }, { withCommandSignal }, { publishedTags }] = await Promise.all([
    import('../registry-client.js'),
    import('../command-signal.js'),
    import('@catalog/runner'),
  ]);
  return withCommandSignal((signal) =>
    publishedTags(registry, nodes, registryClient(io, signal, { retry: { attempts: 2 } })),
  );
}

function footer(published: PublishedTags | undefined): string {
  if (!published) return `next immutable tags assume nothing is published (--offline). ${PROMISE}`;
  if (!published.known) {
    return `next immutable tags assume nothing is published (${published.registry} could not be read). ${PROMISE}`;
  }
  return `next immutable tags follow the tags in ${published.registry}. ${PROMISE}`;
}

function tagsEntries(
  catalog: Catalog,
  nodes: readonly CatalogNode[],
  published: PublishedTags | undefined,
): TagsEntry[] {
  const plan = computeTags(catalog);
  return nodes.map((node) => {
    const tags = plan.get(node.id);
    const existing = published?.known ? (published.tags.get(node.image) ?? []) : [];
    const next = revisionTag(node, nextRevision(node.version, node.variant, existing));
    return {
      id: node.id,
      image: node.image,
      version: node.version,
      variant: node.variant,
      tags: tags?.rolling ?? [],
      immutable: next,
      published: newestImmutableTag(node.version, node.variant, existing) ?? null,
      platforms: node.platforms,
    };
  });
}

function table(entries: readonly TagsEntry[]): string[] {
  const rows = [
    ['NODE', 'TAGS', 'NEXT IMMUTABLE', 'PUBLISHED', 'PLATFORMS'],
    ...entries.map((entry) => [
      entry.id,
      entry.tags.join(' '),
      entry.immutable,
      entry.published ?? '-',
      entry.platforms.join(','),
    ]),
  ];
  const widths = [0, 1, 2, 3].map((column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) =>
    row
      .map((cell, column) => cell.padEnd(widths[column] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}
