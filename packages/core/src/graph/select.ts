import { IMAGE_KINDS } from '../catalog/constants.js';
import type { CatalogNode } from '../catalog/model.js';
import { UsageError } from '../errors.js';
import { closestMatch } from '../util/did-you-mean.js';
import type { CatalogGraph } from './graph.js';

export interface SelectOptions {
  /** Also select every ancestor of a selected node (what it is built FROM). */
  readonly ancestors?: boolean;
  /** Also select every descendant of a selected node (what is built FROM it). */
  readonly descendants?: boolean;
}

/**
 * Nodes matching any selector, in graph order. Selectors: `python` (an image), `python:3.13.5`
 * (a version, every variant), `flask:3.1.1-python3.11` (a node id), `kind:app`. No selectors
 * selects every node. An unknown selector is a usage error with a suggestion.
 */
export function selectNodes(
  graph: CatalogGraph,
  selectors: readonly string[],
  options: SelectOptions = {},
): CatalogNode[] {
  if (selectors.length === 0) return [...graph.order];
  const chosen = new Set<string>();
  for (const selector of selectors) {
    const matches = graph.order.filter(matcher(selector, graph));
    if (matches.length === 0) throw unknownSelector(selector, graph);
    for (const node of matches) {
      chosen.add(node.id);
      if (options.ancestors) for (const a of graph.ancestors(node.id)) chosen.add(a.id);
      if (options.descendants) for (const d of graph.descendants(node.id)) chosen.add(d.id);
    }
  }
  return graph.order.filter((node) => chosen.has(node.id));
}

function matcher(selector: string, graph: CatalogGraph): (node: CatalogNode) => boolean {
  if (selector.startsWith('kind:')) {
    const kind = selector.slice('kind:'.length);
    if (!(IMAGE_KINDS as readonly string[]).includes(kind)) {
      throw new UsageError(`unknown kind "${kind}" in selector "${selector}"`, `kinds: ${IMAGE_KINDS.join(', ')}`);
    }
    return (node) => node.kind === kind;
  }
  if (graph.has(selector)) return (node) => node.id === selector;
  const colon = selector.indexOf(':');
  if (colon < 0) return (node) => node.image === selector;
  const image = selector.slice(0, colon);
  const version = selector.slice(colon + 1);
  return (node) => node.image === image && node.version === version;
}

function unknownSelector(selector: string, graph: CatalogGraph): UsageError {
  const candidates = new Set<string>();
  for (const node of graph.order) {
    candidates.add(node.image);
    candidates.add(`${node.image}:${node.version}`);
    candidates.add(node.id);
  }
  const near = closestMatch(selector, candidates);
  const message = `no node matches "${selector}"${near ? `; did you mean "${near}"?` : ''}`;
  return new UsageError(
    message,
    'selectors: <image>, <image>:<version>, <image>:<version>-<variant>, kind:<kind>; see `catalog plan`',
  );
}
