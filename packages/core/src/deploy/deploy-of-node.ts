import type { Catalog, CatalogNode } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import type { DeploySpec } from './deploy-spec.js';

/** The deploy spec of a node: its image's, else the nearest ancestor's; undefined when none declares one. */
export function deploySpecOf(
  catalog: Pick<Catalog, 'images'>,
  graph: CatalogGraph,
  node: CatalogNode,
): DeploySpec | undefined {
  for (const each of [node, ...graph.ancestors(node.id)]) {
    const spec = catalog.images.find((image) => image.name === each.image)?.deploy;
    if (spec) return spec;
  }
  return undefined;
}
