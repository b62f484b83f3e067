import { describe, expect, it } from 'vitest';
import { EXAMPLE } from '../../test/helpers.js';
import { loadCatalog } from './load-catalog.js';
import { restoreCatalog, snapshotCatalog } from './snapshot.js';

describe('snapshotCatalog / restoreCatalog', () => {
  it('gives back the same catalog, graph and diagnostics after a JSON round trip', () => {
    const loaded = loadCatalog(EXAMPLE, 'catalog.yaml');
    const snapshot = JSON.parse(JSON.stringify(snapshotCatalog(loaded)));
    const restored = restoreCatalog(snapshot, EXAMPLE, 'catalog.yaml');
    expect(restored.catalog).toEqual(loaded.catalog);
    expect(restored.diagnostics).toEqual(loaded.diagnostics);
    expect(restored.graph.order.map((n) => n.id)).toEqual(loaded.graph.order.map((n) => n.id));
    expect(restored.graph.children('python:3.13.5')).toEqual(loaded.graph.children('python:3.13.5'));
    // Positions still come from the text.
    expect(restored.sourceMap.valueAt(['images', 'flask'])).toEqual(loaded.sourceMap.valueAt(['images', 'flask']));
  });

  it('refuses what is not a snapshot of this catalog', () => {
    const snapshot = snapshotCatalog(loadCatalog(EXAMPLE, 'catalog.yaml'));
    expect(() => restoreCatalog(snapshot, EXAMPLE, 'other.yaml')).toThrow('not a snapshot of this catalog');
    expect(() => restoreCatalog({} as never, EXAMPLE, 'catalog.yaml')).toThrow('not a snapshot of this catalog');
    const [first, second] = snapshot.catalog.nodes;
    const looped = {
      ...snapshot,
      catalog: {
        ...snapshot.catalog,
        nodes: [
          { ...first, parent: { type: 'node', id: second?.id } },
          { ...second, parent: { type: 'node', id: first?.id } },
        ],
      },
    } as never;
    expect(() => restoreCatalog(looped, EXAMPLE, 'catalog.yaml')).toThrow('form a cycle');
  });
});
