import type { ImageSpec } from '../catalog/model.js';
import type { SourceMap } from '../catalog/source-map.js';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import type { CatalogGraph } from '../graph/graph.js';
import { closestMatch } from '../util/did-you-mean.js';
import type { OsFamilies } from './families.js';
import { familyResolver } from './node-family.js';

/**
 * The errors of the catalog's `family:` keys: names no family has (with did-you-mean), and, once
 * the graph exists, an image that declares another family than the image it is built FROM.
 */
export function familyDiagnostics(
  images: readonly ImageSpec[],
  graph: CatalogGraph | undefined,
  map: SourceMap,
  families: OsFamilies,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const error = (image: ImageSpec, code: string, message: string, hint: string): void => {
    const path: KeyPath = [...image.path, 'family'];
    diagnostics.push({ code, severity: 'error', file: map.file, position: map.valueAt(path), path, message, hint });
  };
  for (const image of images) {
    if (image.family === undefined || families.has(image.family)) continue;
    const near = closestMatch(image.family, families.keys());
    const message = `unknown OS family "${image.family}"${near ? `; did you mean "${near}"?` : ''}`;
    error(image, 'unknown-family', message, `known families: ${[...families.keys()].join(', ')}`);
  }
  if (graph) reportConflicts(images, graph, error, families);
  return diagnostics;
}

/** Reports each image whose declared family differs from its parent's, once. */
function reportConflicts(
  images: readonly ImageSpec[],
  graph: CatalogGraph,
  error: (image: ImageSpec, code: string, message: string, hint: string) => void,
  families: OsFamilies,
): void {
  const byName = new Map(images.map((image) => [image.name, image]));
  const familyOf = familyResolver({ images }, graph);
  const reported = new Set<string>();
  for (const node of graph.order) {
    const image = byName.get(node.image);
    const parent = graph.parentOf(node.id);
    if (!image?.family || !parent || reported.has(image.name) || !families.has(image.family)) continue;
    const inherited = familyOf(parent);
    if (inherited === image.family || !families.has(inherited)) continue;
    reported.add(image.name);
    error(
      image,
      'family-conflict',
      `OS family "${image.family}" differs from "${inherited}", the family of its parent ${parent.id}`,
      `an image has the OS family of the image it is built FROM: remove "family:", or build it on a ${image.family} image`,
    );
  }
}
