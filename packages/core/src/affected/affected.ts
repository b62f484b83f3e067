import type { Catalog, CatalogNode, ImageSpec } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { DEFAULT_OS_FAMILY } from '../os/families.js';
import { familyResolver, imageFamilies } from '../os/node-family.js';
import type { TemplateSource } from '../render/partials.js';
import { partialFamilies, partialResolver } from '../render/partials.js';
import { catalogDiff, deletedNodes } from './catalog-diff.js';

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

/** Template and partial texts by file, and which file a partial name means per OS family. */
interface Sources {
  readonly texts: ReadonlyMap<string, string>;
  resolver(family: string): (name: string) => string;
}

function sourcesOf(templates: readonly TemplateSource[]): Sources {
  const texts = new Map(templates.map((t) => [t.file, t.text]));
  const resolvers = new Map<string, (name: string) => string>();
  const resolver = (family: string) => {
    const found = resolvers.get(family) ?? partialResolver(texts.keys(), family);
    resolvers.set(family, found);
    return found;
  };
  return { texts, resolver };
}

/** `{{> name}}` and `{{#> name}}` in a template. */
function partialsUsed(text: string): string[] {
  return [...text.matchAll(/\{\{#?>\s*([\w.-]+)/g)].map((m) => m[1] as string);
}

/**
 * Every partial an image's template uses, directly or through other partials, for each of the OS
 * families its nodes have (a family's partial replaces the shared one of the same name).
 */
function templateClosure(template: string, sources: Sources, families: readonly string[]): Set<string> {
  const files = new Set([template]);
  for (const family of families) {
    const resolve = sources.resolver(family);
    const seen = new Set([template]);
    const pending = [template];
    while (pending.length > 0) {
      const text = sources.texts.get(pending.pop() as string) ?? '';
      for (const file of partialsUsed(text).map(resolve)) {
        if (seen.has(file)) continue;
        seen.add(file);
        files.add(file);
        pending.push(file);
      }
    }
  }
  return files;
}

/** The files that select an image when they change (paths relative to the catalog's folder). */
export interface ImageInputs {
  /** The image's template and every partial it uses, directly or through other partials. */
  readonly templates: readonly string[];
  /** The build context folder, ending in '/'. */
  readonly context: string;
  /** The prepare tool and the `lib/` folder beside it (ending in '/'), when the image has one. */
  readonly prepare?: { readonly tool: string; readonly lib: string };
}

/**
 * What each image is made from, by image name, given the template and partial texts (to follow
 * partials) and the OS families of each image's nodes (see imageFamilies). Without families, every
 * family with a partial folder counts, and debian: a superset, never a miss.
 */
export function imageInputs(
  images: readonly ImageSpec[],
  templates: readonly TemplateSource[],
  families?: ReadonlyMap<string, readonly string[]>,
): Map<string, ImageInputs> {
  const sources = sourcesOf(templates);
  const every = [...new Set([DEFAULT_OS_FAMILY, ...partialFamilies(sources.texts.keys())])];
  return new Map(images.map((image) => [image.name, inputsOf(image, sources, families?.get(image.name) ?? every)]));
}

function inputsOf(image: ImageSpec, sources: Sources, families: readonly string[]): ImageInputs {
  const context = image.context.endsWith('/') ? image.context : `${image.context}/`;
  const tool = image.prepare?.run[0]?.replace(/^\.\//, '');
  const prepare = tool ? { tool, lib: `${tool.slice(0, tool.lastIndexOf('/') + 1)}lib/` } : undefined;
  const templates = [...templateClosure(image.template, sources, families)];
  return { templates, context, ...(prepare ? { prepare } : {}) };
}

/** Whether a changed file is one of an image's inputs. */
function selects(file: string, inputs: ImageInputs): boolean {
  if (inputs.templates.includes(file) || file.startsWith(inputs.context)) return true;
  return inputs.prepare !== undefined && (file === inputs.prepare.tool || file.startsWith(inputs.prepare.lib));
}

/**
 * The nodes each changed file (sorted) selects, as one of the inputs of the node's image for the
 * node's OS family: a family's partial selects the nodes of that family only.
 */
function fileSelections(input: AffectedInput): { id: string; file: string }[] {
  const { catalog, graph } = input;
  const sources = sourcesOf(input.templates);
  const familyOf = familyResolver(catalog, graph);
  const families = imageFamilies(catalog, graph);
  const inputs = catalog.images.flatMap((image) =>
    (families.get(image.name) ?? [DEFAULT_OS_FAMILY]).map((family) => ({
      image,
      family,
      inputs: inputsOf(image, sources, [family]),
    })),
  );
  const selections: { id: string; file: string }[] = [];
  for (const file of [...input.files].sort()) {
    if (file === input.catalogFile) continue;
    for (const { image, family } of inputs.filter((entry) => selects(file, entry.inputs))) {
      for (const node of catalog.nodes) {
        if (node.image === image.name && familyOf(node) === family) selections.push({ id: node.id, file });
      }
    }
  }
  return selections;
}

/**
 * What a change touches: nodes selected by changed files and by catalog entries whose effective
 * values changed, plus all their descendants (`parent <id>`). Pure: the caller gathers the changed
 * files and the base catalog (from git or a CI system).
 */
export function affectedNodes(input: AffectedInput): AffectedResult {
  const { catalog, graph } = input;
  const reasons = new Map<string, string>();
  const select = (id: string, reason: string): void => {
    if (!reasons.has(id)) reasons.set(id, reason);
  };
  for (const { id, file } of fileSelections(input)) select(id, file);
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
