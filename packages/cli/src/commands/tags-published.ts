import type { CatalogNode } from '@catalog/core';
import type { CliIo } from '../io.js';

/** What the registry holds for the selected nodes' repositories, or why it could not be read. */
export type PublishedTags =
  | { readonly known: true; readonly registry: string; readonly tags: ReadonlyMap<string, readonly string[]> }
  | { readonly known: false; readonly registry: string; readonly reason: string };

/**
 * Lists the tags of every repository the nodes publish to, so the next `-rN` is the registry's
 * next, not a guess. One unreachable repository makes the whole answer unknown: a table half from
 * the registry and half assumed would mislead.
 */
export async function publishedTags(
  registry: string,
  nodes: readonly CatalogNode[],
  io: CliIo,
): Promise<PublishedTags> {
  const { RegistryClient } = await import('@catalog/registry');
  const client = new RegistryClient({ env: io.env, retry: { attempts: 2 } });
  const tags = new Map<string, readonly string[]>();
  for (const image of new Set(nodes.map((node) => node.image))) {
    try {
      tags.set(image, await client.listTags(`${registry}/${image}`));
    } catch (error) {
      return { known: false, registry, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  return { known: true, registry, tags };
}
