import type { CatalogNode } from '../catalog/model.js';
import { MinHeap } from '../util/min-heap.js';

/** Parent -> child edges between catalog nodes, in a deterministic order. Build with `buildGraph`. */
export class CatalogGraph {
  private readonly byId: ReadonlyMap<string, CatalogNode>;
  private readonly childIds: ReadonlyMap<string, readonly string[]>;
  private readonly levelById: ReadonlyMap<string, number>;

  /** Parents before children; among nodes that are ready together, catalog declaration order. */
  readonly order: readonly CatalogNode[];

  constructor(order: readonly CatalogNode[], childIds: ReadonlyMap<string, readonly string[]>) {
    this.order = order;
    this.childIds = childIds;
    this.byId = new Map(order.map((node) => [node.id, node]));
    const levels = new Map<string, number>();
    for (const node of order) {
      const parent = this.parentOf(node.id);
      levels.set(node.id, parent ? (levels.get(parent.id) ?? 0) + 1 : 0);
    }
    this.levelById = levels;
  }

  get size(): number {
    return this.order.length;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  node(id: string): CatalogNode {
    const node = this.byId.get(id);
    if (!node) throw new RangeError(`no node "${id}" in the graph`);
    return node;
  }

  /** The parent node inside the catalog; undefined for roots and nodes with external parents. */
  parentOf(id: string): CatalogNode | undefined {
    const parent = this.node(id).parent;
    return parent?.type === 'node' ? this.byId.get(parent.id) : undefined;
  }

  children(id: string): readonly CatalogNode[] {
    return (this.childIds.get(id) ?? []).map((child) => this.node(child));
  }

  /** Distance from the root of the node's tree: 0 for roots. */
  level(id: string): number {
    return this.levelById.get(id) ?? 0;
  }

  /** Nodes grouped by level, each group in graph order. */
  levels(): CatalogNode[][] {
    const groups: CatalogNode[][] = [];
    for (const node of this.order) {
      const level = this.level(node.id);
      const group = groups[level] ?? [];
      group.push(node);
      groups[level] = group;
    }
    return groups;
  }

  roots(): CatalogNode[] {
    return this.order.filter((node) => this.parentOf(node.id) === undefined);
  }

  /** Parent, grandparent, ... up to the root (nearest first). */
  ancestors(id: string): CatalogNode[] {
    const result: CatalogNode[] = [];
    for (let parent = this.parentOf(id); parent; parent = this.parentOf(parent.id)) result.push(parent);
    return result;
  }

  /** Every node below `id`, in graph order. */
  descendants(id: string): CatalogNode[] {
    const found = new Set<string>();
    const stack = [...(this.childIds.get(id) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() as string;
      if (found.has(next)) continue;
      found.add(next);
      stack.push(...(this.childIds.get(next) ?? []));
    }
    return this.order.filter((node) => found.has(node.id));
  }

  /**
   * Longest remaining path (sum of costs) from each node down to a leaf, itself included. The
   * scheduler starts the ready node with the longest one first.
   */
  criticalPaths(cost: (node: CatalogNode) => number): Map<string, number> {
    const remaining = new Map<string, number>();
    for (let i = this.order.length - 1; i >= 0; i--) {
      const node = this.order[i] as CatalogNode;
      let longest = 0;
      for (const child of this.childIds.get(node.id) ?? []) longest = Math.max(longest, remaining.get(child) ?? 0);
      remaining.set(node.id, cost(node) + longest);
    }
    return remaining;
  }
}

/** The result of building a graph: the graph, or the cycles that prevent one. */
export type GraphResult = { readonly graph: CatalogGraph } | { readonly cycles: readonly (readonly string[])[] };

/** Orders nodes parents first (Kahn's algorithm, ties broken by catalog order). */
export function buildGraph(nodes: readonly CatalogNode[]): GraphResult {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const children = new Map<string, string[]>();
  // Positions in `nodes`, so that the smallest is the earliest declared.
  const ready = new MinHeap<number>((a, b) => a - b);
  nodes.forEach((node, i) => {
    const parent = node.parent;
    if (parent?.type === 'node' && index.has(parent.id)) {
      const list = children.get(parent.id);
      if (list) list.push(node.id);
      else children.set(parent.id, [node.id]);
    } else {
      ready.push(i);
    }
  });
  const order: CatalogNode[] = [];
  for (let i = ready.pop(); i !== undefined; i = ready.pop()) {
    const node = nodes[i] as CatalogNode;
    order.push(node);
    for (const child of children.get(node.id) ?? []) ready.push(index.get(child) as number);
  }
  if (order.length < nodes.length) return { cycles: findCycles(nodes) };
  return { graph: new CatalogGraph(order, children) };
}

/** Every cycle of parent links, each listed once from its first node in catalog order, closed: a → b → a. */
export function findCycles(nodes: readonly CatalogNode[]): string[][] {
  const parentOf = new Map<string, string>();
  for (const node of nodes) if (node.parent?.type === 'node') parentOf.set(node.id, node.parent.id);
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  for (const start of nodes) {
    const trail: string[] = [];
    let current: string | undefined = start.id;
    while (current !== undefined && !state.has(current)) {
      state.set(current, 'visiting');
      trail.push(current);
      current = parentOf.get(current);
    }
    if (current !== undefined && state.get(current) === 'visiting') {
      const loop = trail.slice(trail.indexOf(current));
      cycles.push([...loop, current]);
    }
    for (const id of trail) state.set(id, 'done');
  }
  return cycles;
}
