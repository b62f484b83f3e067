import type { CatalogNode } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';

/**
 * What a node may publish after a run: `all` (its `-rN` and its rolling tags) or `immutable` (only
 * its `-rN`).
 */
export type PublishScope = 'all' | 'immutable';

export interface PublishableNode {
  readonly node: CatalogNode;
  readonly scope: PublishScope;
}

/**
 * The nodes whose tags may move after a run, parents first. A node whose whole selected subtree
 * succeeded publishes everything. A node that succeeded but has a failed or skipped node below it
 * keeps its rolling tags where they are; if one of its children publishes anyway (that child's own
 * subtree succeeded), it gets its immutable `-rN` only, so the digest that child was built FROM (its
 * `base.digest` label) is tagged and in the ledger. A node with nothing published below it and a
 * failure in its subtree publishes nothing.
 */
export function publishableNodes(
  graph: CatalogGraph,
  nodes: readonly CatalogNode[],
  succeeded: ReadonlySet<string>,
): PublishableNode[] {
  const inPlan = new Set(nodes.map((n) => n.id));
  const scopes = new Map<string, PublishScope>();
  for (const node of nodes) {
    const whole = graph.descendants(node.id).every((d) => !inPlan.has(d.id) || succeeded.has(d.id));
    if (succeeded.has(node.id) && whole) scopes.set(node.id, 'all');
  }
  // Children before parents: a parent learns whether anything below it publishes.
  for (const node of [...nodes].reverse()) {
    if (scopes.has(node.id) || !succeeded.has(node.id)) continue;
    if (graph.children(node.id).some((child) => scopes.has(child.id))) scopes.set(node.id, 'immutable');
  }
  return nodes.flatMap((node) => {
    const scope = scopes.get(node.id);
    return scope ? [{ node, scope }] : [];
  });
}
