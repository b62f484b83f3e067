import type { Diagnostic } from '../diagnostics.js';
import { buildGraph } from '../graph/graph.js';
import type { LoadedCatalog } from './load-catalog.js';
import type { Catalog } from './model.js';
import { SourceMap } from './source-map.js';

/**
 * What a loaded catalog keeps between runs: plain data (JSON-safe). The graph and the source map
 * are rebuilt from it and the text by `restoreCatalog`, far faster than parsing and validating again.
 */
export interface CatalogSnapshot {
  readonly catalog: Catalog;
  readonly diagnostics: readonly Diagnostic[];
}

export function snapshotCatalog(loaded: LoadedCatalog): CatalogSnapshot {
  return { catalog: loaded.catalog, diagnostics: loaded.diagnostics };
}

/**
 * A loaded catalog from a snapshot of the same text. Throws when the snapshot is not one (a damaged
 * cache): callers then load the text.
 */
export function restoreCatalog(snapshot: CatalogSnapshot, text: string, file: string): LoadedCatalog {
  const { catalog, diagnostics } = snapshot;
  if (catalog?.file !== file || !Array.isArray(catalog.nodes) || !Array.isArray(diagnostics)) {
    throw new Error('not a snapshot of this catalog');
  }
  const result = buildGraph(catalog.nodes);
  if (!('graph' in result)) throw new Error('not a snapshot of this catalog: its nodes form a cycle');
  return { catalog, graph: result.graph, sourceMap: new SourceMap(file, text), diagnostics };
}
