import type { Catalog, CatalogNode, ImageSpec } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import type { TemplateSource } from '../render/template-errors.js';
import { catalogDiff, deletedNodes } from './catalog-diff.js';

/** Where the partials live, relative to the catalog. */
const PARTIALS_DIR = 'images/_partials/';

export interface AffectedInput {
  /** The catalog (and its graph) at the head of the change. */
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  /** The catalog at the base of the change; undefined when catalog.yaml did not change or did not exist. */
  readonly baseCatalog?: Catalog;
  /** Changed paths, relative to the catalog's folder, '/'-separated. */
  readonly files: readonly string[];
  /** The catalog file's own path (relative, like `files`). */
  readonly catalogFile: string;
  /** Template texts (image templates and partials) to find which partials a template uses. */
  readonly templates: readonly TemplateSource[];
}

export interface AffectedNode {
  readonly id: string;
  /** The changed file or catalog key, or `parent <id>`. */
  readonly reason: string;
}

export interface AffectedResult {
  /** Selected nodes with their descendants, in graph order. */
  readonly nodes: readonly AffectedNode[];
  /** Nodes of the base catalog that are gone: nothing to build; their tags are for retiring. */
  readonly deleted: readonly CatalogNode[];
}

/** `{{> name}}` and `{{#> name}}` in a template. */
function partialsUsed(text: string): string[] {
  return [...text.matchAll(/\{\{#?>\s*([\w.-]+)/g)].map((m) => m[1] as string);
}

/** Every partial an image's template uses, directly or through other partials. */
function templateClosure(template: string, sources: ReadonlyMap<string, string>): Set<string> {
  const files = new Set([template]);
  const pending = [template];
  while (pending.length > 0) {
    const text = sources.get(pending.pop() as string) ?? '';
    for (const name of partialsUsed(text)) {
      const file = `${PARTIALS_DIR}${name}.hbs`;
      if (!files.has(file)) {
        files.add(file);
        pending.push(file);
      }
    }
  }
  return files;
}

/** The images a changed file belongs to: template, partials used, context, prepare tooling. */
function imagesOf(file: string, catalog: Catalog, closures: ReadonlyMap<string, Set<string>>): ImageSpec[] {
  return catalog.images.filter((image) => {
    if (closures.get(image.name)?.has(file)) return true;
    const context = image.context.endsWith('/') ? image.context : `${image.context}/`;
    if (file.startsWith(context)) return true;
    const tool = image.prepare?.run[0]?.replace(/^\.\//, '');
    if (tool && (file === tool || file.startsWith(`${tool.slice(0, tool.lastIndexOf('/') + 1)}lib/`))) return true;
    return false;
  });
}

/**
 * What a change touches: nodes selected by changed files and by catalog entries whose effective
 * values changed, plus all their descendants (`parent <id>`). Pure: the caller gathers the changed
 * files and the base catalog (from git or a CI system).
 */
export function affectedNodes(input: AffectedInput): AffectedResult {
  const { catalog, graph } = input;
  const sources = new Map(input.templates.map((t) => [t.file, t.text]));
  const closures = new Map(catalog.images.map((image) => [image.name, templateClosure(image.template, sources)]));
  const reasons = new Map<string, string>();
  const select = (id: string, reason: string): void => {
    if (!reasons.has(id)) reasons.set(id, reason);
  };
  for (const file of [...input.files].sort()) {
    if (file === input.catalogFile) continue;
    for (const image of imagesOf(file, catalog, closures)) {
      for (const node of catalog.nodes) if (node.image === image.name) select(node.id, file);
    }
  }
  if (input.files.includes(input.catalogFile) && input.baseCatalog) {
    for (const { id, reason } of catalogDiff(input.baseCatalog, catalog)) select(id, reason);
  } else if (input.files.includes(input.catalogFile)) {
    for (const node of catalog.nodes) select(node.id, 'catalog.yaml is new');
  }
  for (const node of graph.order) {
    const reason = reasons.get(node.id);
    if (reason === undefined) continue;
    for (const child of graph.descendants(node.id))
      select(child.id, `parent ${graph.parentOf(child.id)?.id ?? node.id}`);
  }
  const nodes = graph.order
    .filter((n) => reasons.has(n.id))
    .map((n) => ({ id: n.id, reason: reasons.get(n.id) as string }));
  const deleted = input.baseCatalog ? deletedNodes(input.baseCatalog, catalog) : [];
  return { nodes, deleted };
}
