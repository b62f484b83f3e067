import type { CatalogNode } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { MinHeap } from '../util/min-heap.js';

export type QueueState = 'waiting' | 'ready' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface SkippedNode {
  readonly id: string;
  readonly reason: string;
}

/**
 * Which node of a plan may start next. Pure bookkeeping, no clock and no processes: the runner
 * asks `next()` whenever it has a free slot and reports back with `succeed` / `fail`.
 *
 * - A node is ready as soon as its parent succeeded (a parent outside the plan counts as done);
 *   builds are not grouped by level.
 * - Among ready nodes, the one with the longest remaining critical path (its cost plus the most
 *   expensive chain below it) goes first; ties in plan order.
 * - A failure skips the failed node's descendants only; other branches go on.
 */
export class BuildQueue {
  private readonly state = new Map<string, QueueState>();
  private readonly ready: MinHeap<CatalogNode>;
  private readonly inPlan: ReadonlySet<string>;

  constructor(
    private readonly graph: CatalogGraph,
    nodes: readonly CatalogNode[],
    cost: (node: CatalogNode) => number = () => 1,
  ) {
    this.inPlan = new Set(nodes.map((n) => n.id));
    const critical = criticalPathsWithin(graph, this.inPlan, cost);
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    this.ready = new MinHeap<CatalogNode>(
      (a, b) =>
        (critical.get(b.id) ?? 0) - (critical.get(a.id) ?? 0) || (index.get(a.id) ?? 0) - (index.get(b.id) ?? 0),
    );
    for (const node of nodes) {
      const parent = graph.parentOf(node.id);
      const waits = parent !== undefined && this.inPlan.has(parent.id);
      this.state.set(node.id, waits ? 'waiting' : 'ready');
      if (!waits) this.ready.push(node);
    }
  }

  /** The next node to start, or undefined when none is ready now. */
  next(): CatalogNode | undefined {
    const node = this.ready.pop();
    if (node) this.state.set(node.id, 'running');
    return node;
  }

  succeed(id: string): void {
    this.expect(id, 'running');
    this.state.set(id, 'succeeded');
    for (const child of this.graph.children(id)) {
      if (this.state.get(child.id) !== 'waiting') continue;
      this.state.set(child.id, 'ready');
      this.ready.push(child);
    }
  }

  /** Marks a node failed and returns its descendants in the plan, now skipped. */
  fail(id: string): SkippedNode[] {
    this.expect(id, 'running');
    this.state.set(id, 'failed');
    const skipped: SkippedNode[] = [];
    for (const node of this.graph.descendants(id)) {
      if (this.state.get(node.id) !== 'waiting') continue;
      this.state.set(node.id, 'skipped');
      skipped.push({ id: node.id, reason: `${id} failed` });
    }
    return skipped;
  }

  /** Stops everything not yet started (fail-fast, interrupt); returns what was skipped. */
  cancel(reason: string): SkippedNode[] {
    const skipped: SkippedNode[] = [];
    for (const [id, state] of this.state) {
      if (state !== 'waiting' && state !== 'ready') continue;
      this.state.set(id, 'skipped');
      skipped.push({ id, reason });
    }
    while (this.ready.pop()) {
      // drained: nothing ready starts after a cancel
    }
    return skipped;
  }

  stateOf(id: string): QueueState | undefined {
    return this.state.get(id);
  }

  /** True when nothing is waiting, ready or running. */
  get finished(): boolean {
    for (const state of this.state.values())
      if (state === 'waiting' || state === 'ready' || state === 'running') return false;
    return true;
  }

  get running(): number {
    let count = 0;
    for (const state of this.state.values()) if (state === 'running') count++;
    return count;
  }

  private expect(id: string, state: QueueState): void {
    const actual = this.state.get(id);
    if (actual !== state) throw new Error(`node ${id} is ${actual ?? 'not in the plan'}, expected ${state}`);
  }
}

/** Critical paths counted only through nodes of the plan. */
function criticalPathsWithin(graph: CatalogGraph, inPlan: ReadonlySet<string>, cost: (node: CatalogNode) => number) {
  return graph.criticalPaths((node) => (inPlan.has(node.id) ? cost(node) : 0));
}
