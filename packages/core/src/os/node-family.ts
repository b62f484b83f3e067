import type { Catalog, CatalogNode, ImageSpec } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { DEFAULT_OS_FAMILY } from './families.js';

/**
 * The OS family name of each node, memoized: the `family` of its image, else its parent's (an image
 * has the OS of the image it is built FROM), else debian.
 */
export function familyResolver(catalog: Pick<Catalog, 'images'>, graph: CatalogGraph): (node: CatalogNode) => string {
  const images = new Map<string, ImageSpec>(catalog.images.map((image) => [image.name, image]));
  const known = new Map<string, string>();
  const resolve = (node: CatalogNode): string => {
    let family = known.get(node.id);
    if (family === undefined) {
      const parent = graph.parentOf(node.id);
      family = images.get(node.image)?.family ?? (parent ? resolve(parent) : DEFAULT_OS_FAMILY);
      known.set(node.id, family);
    }
    return family;
  };
  return resolve;
}

/** One node's OS family name (see familyResolver, for many nodes). */
export function nodeFamily(catalog: Catalog, graph: CatalogGraph, node: CatalogNode): string {
  return familyResolver(catalog, graph)(node);
}

/** The OS family names of each image's nodes, by image name (an image's variants may differ). */
export function imageFamilies(catalog: Catalog, graph: CatalogGraph): Map<string, string[]> {
  const familyOf = familyResolver(catalog, graph);
  const families = new Map<string, string[]>();
  for (const node of catalog.nodes) {
    const list = families.get(node.image) ?? [];
    const family = familyOf(node);
    if (!list.includes(family)) list.push(family);
    families.set(node.image, list);
  }
  return families;
}
