import { artifactDiagnostics } from '../build/artifact-stage.js';
import { buildPlatformArgDefaults } from '../build/build-platform.js';
import { type Catalog, type CatalogNode, type ImageSpec, imageSpec, mirrorBuildArg } from '../catalog/model.js';
import type { SourceMap } from '../catalog/source-map.js';
import { type Diagnostic, sortDiagnostics } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import type { CatalogGraph } from '../graph/graph.js';
import { renderFolder } from '../names/names.js';
import { familyResolver } from '../os/node-family.js';
import { type RenderedFacts, renderedFacts } from './exposed-ports.js';
import { type CompiledTemplate, createTemplateEnvironment } from './handlebars-env.js';
import {
  baseImageOf,
  componentVersions,
  LABEL_BUILD_ARGS,
  type Label,
  nodeLabels,
  requiredLabelKeys,
} from './labels.js';
import type { TemplateSource } from './partials.js';
import { familyPartials } from './partials.js';
import { unsafeValueDiagnostics } from './safe-values.js';
import { templateDiagnostic } from './template-errors.js';

export interface RenderInputs {
  /** Template texts by path (an image's `template`), as read by the caller. */
  readonly templates: ReadonlyMap<string, string>;
  /** The partials: shared (images/_partials/*.hbs) and the OS families' (images/_partials/os/<family>/*.hbs). */
  readonly partials: readonly TemplateSource[];
  /**
   * Templates inside build contexts (`*.hbs` other than the Dockerfile template), by context folder;
   * each renders to the file without `.hbs`. File paths are relative to the catalog.
   */
  readonly contextTemplates?: ReadonlyMap<string, readonly TemplateSource[]>;
}

/** A file rendered from a context template, with its path inside the build context. */
export interface RenderedFile {
  readonly path: string;
  readonly text: string;
}

/** A rendered node: its Dockerfile and what a builder needs next to it. */
export interface RenderedNode {
  readonly id: string;
  readonly image: string;
  /** The node's OS family (see nodeFamily): which partials it rendered with, how its packages are listed. */
  readonly family: string;
  /** Where the node's files go, relative to the output folder: `<image>/<version>[-<variant>]`. */
  readonly outDir: string;
  /** The image's build context folder (relative to the catalog), copied next to the Dockerfile. */
  readonly context: string;
  readonly template: string;
  readonly dockerfile: string;
  /** Files rendered from the context's templates, e.g. requirements.txt. */
  readonly files: readonly RenderedFile[];
  readonly labels: readonly Label[];
  readonly requiredLabels: readonly string[];
  /** Build args with their default values (BASE_IMAGE, mirrors); builders override what they pin. */
  readonly buildArgs: Readonly<Record<string, string>>;
}

export interface RenderCatalog {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  readonly sourceMap?: SourceMap;
}

/**
 * Renders the Dockerfiles of `nodes`. Output is a pure function of the catalog and the templates:
 * values that change per build (created, revision, parent digest, mirrors) are build args. Every
 * problem (unsafe catalog values, unknown variables, missing templates) is reported at once.
 */
export function renderNodes(
  source: RenderCatalog,
  nodes: readonly CatalogNode[],
  inputs: RenderInputs,
): RenderedNode[] {
  const diagnostics = unsafeValueDiagnostics(source.catalog, source.catalog.file, source.sourceMap);
  if (diagnostics.length > 0) throw new InvalidInputError(diagnostics);
  const allSources = [...inputs.partials, ...[...inputs.templates].map(([file, text]) => ({ file, text }))];
  // One template environment per OS family: each registers the shared partials and its family's.
  const environments = new Map<string, ReturnType<typeof createTemplateEnvironment>>();
  const compiled = new Map<string, CompiledTemplate>();
  const familyOf = familyResolver(source.catalog, source.graph);
  const results: RenderedNode[] = [];
  for (const node of nodes) {
    const image = imageSpec(source.catalog, node.image);
    const family = familyOf(node);
    try {
      const environment =
        environments.get(family) ?? createTemplateEnvironment(familyPartials(inputs.partials, family));
      environments.set(family, environment);
      const key = `${family}\u0000${image.template}`;
      const template = compiled.get(key) ?? compileTemplate(environment, image, inputs, source.catalog);
      compiled.set(key, template);
      const files = (inputs.contextTemplates?.get(image.context) ?? []).filter((t) => t.file !== image.template);
      const compiledFiles = files.map((file) => ({ file, render: environment.compile(file) }));
      const rendered = renderOne(source, { image, node, family }, template, compiledFiles);
      const problems = artifactDiagnostics(image, rendered.dockerfile, source.catalog.file, node.id);
      if (problems.length > 0) throw new InvalidInputError(problems);
      results.push(rendered);
    } catch (error) {
      if (error instanceof InvalidInputError) diagnostics.push(...error.diagnostics);
      else if (error instanceof Error) {
        diagnostics.push(templateDiagnostic(error, allSources, node.id, Object.keys(node.vars), family));
      } else throw error;
    }
  }
  if (diagnostics.length > 0) throw new InvalidInputError(dedupe(diagnostics));
  return results;
}

function compileTemplate(
  environment: ReturnType<typeof createTemplateEnvironment>,
  image: ImageSpec,
  inputs: RenderInputs,
  catalog: Catalog,
): CompiledTemplate {
  const text = inputs.templates.get(image.template);
  if (text === undefined) {
    const diagnostic: Diagnostic = {
      code: 'missing-template',
      severity: 'error',
      file: catalog.file,
      path: [...image.path, 'template'],
      message: `template "${image.template}" of image "${image.name}" does not exist`,
      hint: `create it, or point "template:" at an existing file`,
    };
    throw new InvalidInputError([diagnostic]);
  }
  return environment.compile({ file: image.template, text });
}

/**
 * `file` (relative to the catalog, '/'-separated, as readTemplates lists it) relative to the
 * context folder however the catalog writes it: `./`, `.`, `ctx`, `./ctx/`, `a/../ctx`.
 */
function pathInContext(context: string, file: string): string {
  const segments: string[] = [];
  for (const segment of context.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '' && segment !== '.') segments.push(segment);
  }
  const prefix = segments.length > 0 ? `${segments.join('/')}/` : '';
  return file.startsWith(prefix) ? file.slice(prefix.length) : file;
}

function renderOne(
  source: RenderCatalog,
  { image, node, family }: { image: ImageSpec; node: CatalogNode; family: string },
  template: CompiledTemplate,
  contextFiles: readonly { file: TemplateSource; render: CompiledTemplate }[],
): RenderedNode {
  const { catalog, graph } = source;
  const baseImage = baseImageOf(catalog, graph, node);
  const renderWith = (facts: Partial<RenderedFacts>) => {
    const labels = nodeLabels(catalog, graph, image, node, facts);
    const context = templateContext(catalog, graph, image, node, labels, baseImage, family);
    return { labels, context, dockerfile: tidy(template(context)) };
  };
  // Some labels come from the rendered Dockerfile (its EXPOSE, its S2I label), so a node that has
  // any renders twice: the second time with those labels.
  const first = renderWith({});
  const facts = renderedFacts(first.dockerfile);
  const { labels, context, dockerfile } = facts.ports.length > 0 || facts.builder ? renderWith(facts) : first;
  const files = contextFiles.map(({ file, render }) => ({
    path: pathInContext(image.context, file.file).replace(/\.hbs$/, ''),
    text: tidy(render(context)),
  }));
  const buildArgs: Record<string, string> = {
    ...(baseImage ? { BASE_IMAGE: baseImage } : {}),
    ...buildPlatformArgDefaults(dockerfile, baseImage),
  };
  for (const arg of catalogMirrorArgs(catalog)) buildArgs[arg.name] = arg.value;
  return {
    id: node.id,
    image: node.image,
    family,
    outDir: renderFolder(node),
    context: image.context,
    template: image.template,
    dockerfile,
    files,
    labels,
    requiredLabels: requiredLabelKeys(catalog, node),
    buildArgs,
  };
}

/** What a template sees. Data only: no functions, nothing that reads or runs. */
export function templateContext(
  catalog: Catalog,
  graph: CatalogGraph,
  image: ImageSpec,
  node: CatalogNode,
  labels: readonly Label[],
  baseImage: string | null,
  family: string,
): Record<string, unknown> {
  const parent = node.parent;
  return {
    id: node.id,
    version: node.version,
    variant: node.variant,
    kind: node.kind,
    family,
    image: { name: image.name, title: image.title, description: image.description ?? '' },
    vars: node.vars,
    parent:
      parent === null
        ? null
        : { ref: baseImage, external: parent.type === 'external', id: parent.type === 'node' ? parent.id : null },
    baseImage,
    labels,
    labelArgs: LABEL_BUILD_ARGS,
    components: componentVersions(graph, node),
    registry: catalog.registry,
    mirrors: catalog.mirrors,
    mirrorArgs: catalogMirrorArgs(catalog),
  };
}

/** `ARG` declarations for every mirror, sorted by name: `{ name: 'MIRROR_PYPI', value: <default> }`. */
export function catalogMirrorArgs(catalog: Pick<Catalog, 'mirrors'>): { name: string; value: string }[] {
  return Object.entries(catalog.mirrors)
    .map(([name, value]) => ({ name: mirrorBuildArg(name), value }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** One trailing newline and no runs of blank lines, whatever the template's block tags left. */
function tidy(text: string): string {
  return `${text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

function dedupe(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return sortDiagnostics(diagnostics).filter((d) => {
    const key = `${d.file}:${d.position?.line}:${d.position?.column}:${d.message.replace(/ while rendering \S+$/, '')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
