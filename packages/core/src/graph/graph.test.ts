import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import type { CatalogNode } from '../catalog/model.js';
import { buildGraph, findCycles } from './graph.js';

const ids = (nodes: readonly CatalogNode[]): string[] => nodes.map((n) => n.id);

function node(id: string, parent?: string): CatalogNode {
  const [image = id, version = '1'] = id.split(':');
  return {
    id,
    image,
    version,
    variant: null,
    kind: 'runtime',
    parent: parent ? { type: 'node', id: parent } : null,
    isDefaultVariant: true,
    aliases: [],
    vars: {},
    platforms: ['linux/amd64'],
    source: { entry: [] },
  };
}

describe('CatalogGraph', () => {
  const { graph } = load(EXAMPLE);

  it('orders parents before children, ties in catalog order', () => {
    expect(ids(graph.order)).toEqual([
      'debian:13',
      'pyenv:2.5.4',
      'python:3.11.2',
      'python:3.13.5',
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
      'hello:1.0.0',
    ]);
  });

  it('orders a child declared before its parent after it', () => {
    const result = buildGraph([node('app:1', 'base:1'), node('base:1')]);
    expect('graph' in result && ids(result.graph.order)).toEqual(['base:1', 'app:1']);
  });

  it('groups nodes into levels', () => {
    expect(graph.levels().map(ids)).toEqual([
      ['debian:13'],
      ['pyenv:2.5.4'],
      ['python:3.11.2', 'python:3.13.5'],
      ['flask:3.1.1-python3.13', 'flask:3.1.1-python3.11'],
      ['hello:1.0.0'],
    ]);
  });

  it('walks ancestors (nearest first) and descendants (graph order)', () => {
    expect(ids(graph.ancestors('hello:1.0.0'))).toEqual([
      'flask:3.1.1-python3.13',
      'python:3.13.5',
      'pyenv:2.5.4',
      'debian:13',
    ]);
    expect(ids(graph.descendants('python:3.13.5'))).toEqual(['flask:3.1.1-python3.13', 'hello:1.0.0']);
    expect(ids(graph.descendants('hello:1.0.0'))).toEqual([]);
    expect(ids(graph.roots())).toEqual(['debian:13']);
  });

  it('computes the remaining critical path from per-node costs', () => {
    const cost = (n: CatalogNode): number => (n.image === 'python' ? 300 : 10);
    const paths = graph.criticalPaths(cost);
    expect(paths.get('hello:1.0.0')).toBe(10);
    expect(paths.get('python:3.11.2')).toBe(310);
    expect(paths.get('python:3.13.5')).toBe(320);
    expect(paths.get('debian:13')).toBe(340);
  });

  it('rejects unknown node ids loudly', () => {
    expect(() => graph.node('nope:1')).toThrow(/no node "nope:1"/);
  });
});

describe('cycles', () => {
  it('finds each cycle once, closed, and ignores nodes that merely hang off it', () => {
    const nodes = [node('a:1', 'c:1'), node('b:1', 'a:1'), node('c:1', 'b:1'), node('d:1', 'a:1'), node('e:1', 'e:1')];
    expect(findCycles(nodes)).toEqual([
      ['a:1', 'c:1', 'b:1', 'a:1'],
      ['e:1', 'e:1'],
    ]);
    expect('cycles' in buildGraph(nodes)).toBe(true);
  });

  it('finds no cycle in a forest', () => {
    expect(findCycles([node('a:1'), node('b:1', 'a:1')])).toEqual([]);
  });

  it('reports a self-referencing image through loadCatalog', () => {
    const text = yaml`
      registry: r
      images:
        a: { kind: runtime, from: a:1, versions: { "1": {} } }
    `;
    expect(() => load(text)).toThrow(/1 error/);
  });
});
