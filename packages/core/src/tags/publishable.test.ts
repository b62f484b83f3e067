import { describe, expect, it } from 'vitest';
import { load, yaml } from '../../test/helpers.js';
import { publishableNodes } from './publishable.js';

// Two branches under one root: a long one (slow runtime, then an app) and a short one.
const { graph } = load(yaml`
  registry: r
  images:
    os: { kind: os, versions: { "1": {} } }
    fast: { kind: runtime, from: os:1, versions: { "1.0": {} } }
    slow: { kind: runtime, from: os:1, versions: { "1.0": {} } }
    app: { kind: app, from: slow:1.0, versions: { "1.0.0": {} } }
`);

const scopes = (nodes: typeof graph.order, succeeded: Iterable<string>) =>
  publishableNodes(graph, nodes, new Set(succeeded)).map((p) => [p.node.id, p.scope]);

describe('publishableNodes', () => {
  it('gives a parent whose children publish its -rN only while part of its subtree failed', () => {
    // app failed: fast publishes all; os, fast's parent, gets its -rN only; slow, with nothing
    // published below it, nothing.
    expect(scopes(graph.order, ['os:1', 'fast:1.0', 'slow:1.0'])).toEqual([
      ['os:1', 'immutable'],
      ['fast:1.0', 'all'],
    ]);
  });

  it('holds only the rolling tags of the nodes above a failed branch', () => {
    // fast failed: slow's whole subtree succeeded, so slow and app publish all; os its -rN.
    expect(scopes(graph.order, ['os:1', 'slow:1.0', 'app:1.0.0'])).toEqual([
      ['os:1', 'immutable'],
      ['slow:1.0', 'all'],
      ['app:1.0.0', 'all'],
    ]);
  });

  it('publishes nothing of a failed node, nor of a parent with nothing published below it', () => {
    expect(scopes(graph.order, ['os:1'])).toEqual([]);
  });

  it('publishes everything when everything succeeded; descendants outside the selection are ignored', () => {
    const nodes = graph.order.filter((n) => n.id !== 'app:1.0.0');
    expect(
      scopes(
        nodes,
        nodes.map((n) => n.id),
      ),
    ).toEqual([
      ['os:1', 'all'],
      ['fast:1.0', 'all'],
      ['slow:1.0', 'all'],
    ]);
  });
});
