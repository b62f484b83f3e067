import { BuildQueue, type CatalogNode, loadCatalog, type SkippedNode } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { runQueue } from './run-queue.js';

// A fixture with a wide level: os → two runtimes → apps on each.
const CATALOG = `
registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {} } }
  rt: { kind: runtime, from: os:1, versions: { "1.0": {}, "2.0": {} } }
  app: { kind: app, from: rt:1.0, versions: { "1.0.0": {}, "1.1.0": {} } }
  app2: { kind: app, from: rt:2.0, versions: { "1.0.0": {} } }
`;
const { graph } = loadCatalog(CATALOG, 'catalog.yaml');

/** A fake builder whose builds finish when the test says so, in the order it chooses. */
function fakeBuilder(fail: ReadonlySet<string> = new Set()) {
  const started: string[] = [];
  const pending = new Map<string, () => void>();
  let concurrent = 0;
  let maxConcurrent = 0;
  const run = (node: CatalogNode, signal: AbortSignal): Promise<boolean> => {
    started.push(node.id);
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    return new Promise((resolve) => {
      const finish = (): void => {
        concurrent--;
        resolve(!fail.has(node.id) && !signal.aborted);
      };
      pending.set(node.id, finish);
      signal.addEventListener('abort', finish, { once: true });
    });
  };
  /** Completes builds one at a time (oldest first) until the run settles. */
  const drain = async (done: Promise<void>): Promise<void> => {
    let settled = false;
    done.then(() => (settled = true));
    while (!settled) {
      await new Promise((r) => setImmediate(r));
      const [id, finish] = pending.entries().next().value ?? [];
      if (id && finish) {
        pending.delete(id);
        finish();
      }
    }
  };
  return {
    run,
    drain,
    started,
    get maxConcurrent() {
      return maxConcurrent;
    },
  };
}

describe('runQueue', () => {
  it('starts children only after their parent and never exceeds the job bound', async () => {
    const builder = fakeBuilder();
    const queue = new BuildQueue(graph, graph.order);
    await builder.drain(runQueue(queue, { jobs: 2, run: builder.run }));
    expect(builder.started[0]).toBe('os:1');
    for (const id of builder.started) {
      const parent = graph.parentOf(id);
      if (parent) expect(builder.started.indexOf(parent.id)).toBeLessThan(builder.started.indexOf(id));
    }
    expect(builder.maxConcurrent).toBe(2);
    expect(graph.order.every((n) => queue.stateOf(n.id) === 'succeeded')).toBe(true);
  });

  it('skips only the descendants of a failed node; independent branches go on', async () => {
    const builder = fakeBuilder(new Set(['rt:1.0']));
    const skipped: SkippedNode[] = [];
    const queue = new BuildQueue(graph, graph.order);
    await builder.drain(runQueue(queue, { jobs: 2, run: builder.run, onSkip: (s) => skipped.push(...s) }));
    expect(queue.stateOf('rt:1.0')).toBe('failed');
    expect(skipped).toEqual([
      { id: 'app:1.0.0', reason: 'rt:1.0 failed' },
      { id: 'app:1.1.0', reason: 'rt:1.0 failed' },
    ]);
    expect(queue.stateOf('app2:1.0.0')).toBe('succeeded');
  });

  it('stops everything after the first failure with fail-fast', async () => {
    const builder = fakeBuilder(new Set(['rt:1.0']));
    const queue = new BuildQueue(graph, graph.order);
    await builder.drain(runQueue(queue, { jobs: 1, failFast: true, run: builder.run }));
    expect(queue.stateOf('rt:1.0')).toBe('failed');
    expect(queue.stateOf('rt:2.0')).toBe('skipped');
    expect(queue.stateOf('app2:1.0.0')).toBe('skipped');
  });

  it('on interrupt aborts running work and starts nothing more', async () => {
    const controller = new AbortController();
    const builder = fakeBuilder();
    const queue = new BuildQueue(graph, graph.order);
    const run = (node: CatalogNode, signal: AbortSignal): Promise<boolean> => {
      const result = builder.run(node, signal);
      if (node.id === 'os:1') controller.abort();
      return result;
    };
    await runQueue(queue, { jobs: 2, run, signal: controller.signal });
    expect(builder.started).toEqual(['os:1']);
    expect(queue.stateOf('os:1')).toBe('failed');
    expect(graph.order.slice(1).every((n) => queue.stateOf(n.id) === 'skipped')).toBe(true);
  });

  it('treats a thrown error as a failure of that node only', async () => {
    const queue = new BuildQueue(graph, graph.order);
    const run = async (node: CatalogNode): Promise<boolean> => {
      if (node.id === 'app2:1.0.0') throw new Error('boom');
      return true;
    };
    await runQueue(queue, { jobs: 3, run });
    expect(queue.stateOf('app2:1.0.0')).toBe('failed');
    expect(queue.stateOf('app:1.1.0')).toBe('succeeded');
  });
});
