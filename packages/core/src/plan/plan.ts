import type { Catalog, CatalogNode, ImageKind } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { type SelectOptions, selectNodes } from '../graph/select.js';
import { repositoryOf } from '../names/names.js';

/** One node to build, with what a builder or a CI system needs to know about it. */
export interface PlanEntry {
  readonly id: string;
  readonly image: string;
  readonly version: string;
  readonly variant: string | null;
  readonly kind: ImageKind;
  /** The parent node id, or the external reference; null for images built from nothing. */
  readonly parent: string | null;
  readonly parentType: 'node' | 'external' | null;
  /** Whether the parent is built in the same plan (otherwise it must already be in the registry). */
  readonly parentInPlan: boolean;
  /** Depth in the hierarchy: 0 for roots. */
  readonly level: number;
  /** The full reference the node is published as, without a tag: `<registry>/<image>`. */
  readonly repository: string;
  /** The platforms it is built for (one OCI image index per tag when more than one). */
  readonly platforms: readonly string[];
  /** Why the node is in an affected plan: the changed file or catalog key, or `parent <id>`. */
  readonly reason?: string;
}

export interface Plan {
  readonly registry: string;
  /** Parents before children. */
  readonly images: readonly PlanEntry[];
  /** Nodes a change removed (affected plans only): nothing to build, their tags are to retire. */
  readonly deleted?: readonly { readonly id: string; readonly tags: readonly string[] }[];
}

export interface PlanOptions extends SelectOptions {
  readonly selectors?: readonly string[];
  /** Restricts the plan to these nodes (an affected selection), with the reason for each. */
  readonly only?: ReadonlyMap<string, string>;
}

/** The ordered list of nodes to build for a selection (everything by default). */
export function createPlan(catalog: Catalog, graph: CatalogGraph, options: PlanOptions = {}): Plan {
  const only = options.only;
  const selected = selectNodes(graph, options.selectors ?? [], options).filter((node) => !only || only.has(node.id));
  const inPlan = new Set(selected.map((node) => node.id));
  const images = selected.map((node) => {
    const entry = planEntry(catalog, graph, node, inPlan);
    const reason = only?.get(node.id);
    return reason ? { ...entry, reason } : entry;
  });
  return { registry: catalog.registry, images };
}

function planEntry(catalog: Catalog, graph: CatalogGraph, node: CatalogNode, inPlan: ReadonlySet<string>): PlanEntry {
  const parent = node.parent;
  return {
    id: node.id,
    image: node.image,
    version: node.version,
    variant: node.variant,
    kind: node.kind,
    parent: parent === null ? null : parent.type === 'node' ? parent.id : parent.ref,
    parentType: parent?.type ?? null,
    parentInPlan: parent?.type === 'node' && inPlan.has(parent.id),
    level: graph.level(node.id),
    repository: repositoryOf(catalog.registry, node.image),
    platforms: node.platforms,
  };
}
