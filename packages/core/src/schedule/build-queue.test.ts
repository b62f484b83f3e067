import { describe, expect, it } from 'vitest';
import { load, yaml } from '../../test/helpers.js';
import { BuildQueue } from './build-queue.js';

// Two branches under one root: a long one (slow runtime, then an app) and a short one.
const { graph } = load(yaml`
  registry: r
  images:
    os: { kind: os, versions: { "1": {} } }
    fast: { kind: runtime, from: os:1, versions: { "1.0": {} } }
    slow: { kind: runtime, from: os:1, versions: { "1.0": {} } }
    app: { kind: app, from: slow:1.0, versions: { "1.0.0": {} } }
`);
const cost = (node: { image: string }): number => (node.image === 'slow' ? 10 : 1);

describe('BuildQueue', () => {
  it('offers only roots first, then children as parents succeed', () => {
    const queue = new BuildQueue(graph, graph.order, cost);
    expect(queue.next()?.id).toBe('os:1');
    expect(queue.next()).toBeUndefined();
    queue.succeed('os:1');
    expect(queue.running).toBe(0);
  });

  it('starts the ready node with the longest remaining critical path first', () => {
    const queue = new BuildQueue(graph, graph.order, cost);
    queue.next();
    queue.succeed('os:1');
    // fast is declared first, but slow → app is the longer chain (11 vs 1).
    expect(queue.next()?.id).toBe('slow:1.0');
    expect(queue.next()?.id).toBe('fast:1.0');
  });

  it('treats a parent outside the plan as already built', () => {
    const nodes = graph.order.filter((n) => n.id !== 'os:1');
    const queue = new BuildQueue(graph, nodes, cost);
    expect([queue.next()?.id, queue.next()?.id]).toEqual(['slow:1.0', 'fast:1.0']);
  });

  it('skips the descendants of a failure and finishes', () => {
    const queue = new BuildQueue(graph, graph.order, cost);
    queue.next();
    queue.succeed('os:1');
    queue.next();
    expect(queue.fail('slow:1.0')).toEqual([{ id: 'app:1.0.0', reason: 'slow:1.0 failed' }]);
    expect(queue.finished).toBe(false);
    queue.next();
    queue.succeed('fast:1.0');
    expect(queue.finished).toBe(true);
  });

  it('refuses out-of-order reports', () => {
    const queue = new BuildQueue(graph, graph.order, cost);
    expect(() => queue.succeed('app:1.0.0')).toThrow('node app:1.0.0 is waiting, expected running');
  });
});
