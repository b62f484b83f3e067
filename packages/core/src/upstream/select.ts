import type { AffectedNode } from '../affected/affected.js';
import type { CatalogGraph } from '../graph/graph.js';
import { sortPlatforms } from '../platform/platform.js';

/** A node an upstream check selects directly, and why (`upstream docker.io/library/debian:trixie-slim changed`). */
export interface UpstreamTrigger {
  readonly id: string;
  readonly reason: string;
}

/**
 * The nodes to rebuild for upstream changes: every triggered node and everything built FROM it
 * (reason `parent <id>`), in graph order. A node triggered twice keeps its first reason.
 */
export function upstreamSelection(graph: CatalogGraph, triggers: readonly UpstreamTrigger[]): AffectedNode[] {
  const reasons = new Map<string, string>();
  for (const { id, reason } of triggers) if (graph.has(id) && !reasons.has(id)) reasons.set(id, reason);
  for (const node of graph.order) {
    if (!reasons.has(node.id)) continue;
    for (const child of graph.descendants(node.id)) {
      if (!reasons.has(child.id)) reasons.set(child.id, `parent ${graph.parentOf(child.id)?.id ?? node.id}`);
    }
  }
  return graph.order.filter((n) => reasons.has(n.id)).map((n) => ({ id: n.id, reason: reasons.get(n.id) as string }));
}

/** The external references the catalog's nodes are built FROM, each with the nodes built on it, sorted. */
/** The platforms the catalog builds FROM each external parent: its nodes' platforms, amd64 first. */
export function externalParentPlatforms(graph: CatalogGraph): Map<string, string[]> {
  const platforms = new Map<string, string[]>();
  for (const [ref, ids] of externalParents(graph))
    platforms.set(ref, sortPlatforms(ids.flatMap((id) => graph.node(id).platforms)));
  return platforms;
}

export function externalParents(graph: CatalogGraph): Map<string, string[]> {
  const parents = new Map<string, string[]>();
  for (const node of graph.order) {
    if (node.parent?.type !== 'external') continue;
    const ids = parents.get(node.parent.ref) ?? [];
    ids.push(node.id);
    parents.set(node.parent.ref, ids);
  }
  return new Map([...parents].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
