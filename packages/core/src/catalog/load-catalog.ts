import { type Diagnostic, hasErrors, sortDiagnostics } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { buildGraph, type CatalogGraph } from '../graph/graph.js';
import { OS_FAMILIES, type OsFamilies } from '../os/families.js';
import { familyDiagnostics } from '../os/validate.js';
import { DEFAULT_PLATFORM } from '../platform/platform.js';
import { unsafeValueDiagnostics } from '../render/safe-values.js';
import { tagDiagnostics } from '../tags/validate.js';
import { updatesDiagnostics } from '../updates/validate.js';
import type { CatalogFormat } from './constants.js';
import { decodeCatalogText } from './decode.js';
import { expandNodes } from './expand.js';
import type { Catalog, CatalogNode } from './model.js';
import { normalizeCatalog } from './normalize.js';
import { parseYaml } from './parse-yaml.js';
import {
  type CatalogPlatforms,
  catalogPlatforms,
  parentPlatformDiagnostics,
  writtenPlatformDiagnostics,
} from './platform-inheritance.js';
import type { SourceMap } from './source-map.js';

export { decodeCatalogText, decodeUtf8 } from './decode.js';
export type { SourceMap } from './source-map.js';

export interface LoadedCatalog {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  /** Positions of key paths in the catalog text, for later diagnostics (renders, tags). */
  readonly sourceMap: SourceMap;
  /** Warnings only: a catalog with errors is never returned. */
  readonly diagnostics: readonly Diagnostic[];
}

/** `builderNames`: the engines `builder.name` may name (the CLI passes @catalog/builders' BUILDER_NAMES). */
export interface LoadOptions extends CatalogFormat {
  /** Replaces the catalog's `registry` (from --registry or CATALOG_REGISTRY). */
  readonly registry?: string;
  /**
   * Also check the tags the catalog would publish (conflicts, grammar, `latest` lines). On by
   * default; commands that neither show nor publish tags (plan, graph, render) skip the cost.
   */
  readonly checkTags?: boolean;
  /** The OS families `family:` may name (default OS_FAMILIES; tests and embedders add their own). */
  readonly families?: OsFamilies;
  /**
   * The platform of the machine running the command (`hostPlatform(process.arch)`): what a catalog
   * without any `platforms:` builds. Default linux/amd64.
   */
  readonly hostPlatform?: string;
}

/**
 * Reads a catalog from its text: YAML with positions → schema → image specs → nodes → graph.
 * Every problem of the file is collected; any error throws one InvalidInputError with all of them.
 * Given the file's bytes, it decodes them first: they must be UTF-8 (see decodeCatalogText).
 */
export function loadCatalog(source: string | Uint8Array, file: string, options: LoadOptions = {}): LoadedCatalog {
  const text = typeof source === 'string' ? source : decodeCatalogText(source, file);
  const parsed = parseYaml(text, file);
  if (!parsed.usable) throw new InvalidInputError(parsed.diagnostics);
  const normalized = normalizeCatalog(parsed.data, parsed.sourceMap, options);
  const { images, vars, invalidImages, salvagedImages } = normalized;
  const level: CatalogPlatforms = normalized.platforms
    ? { platforms: normalized.platforms, path: ['platforms'] }
    : { platforms: [options.hostPlatform ?? DEFAULT_PLATFORM] };
  const expanded = expandNodes(images, vars, invalidImages, parsed.sourceMap, salvagedImages, level);
  const diagnostics = [...parsed.diagnostics, ...normalized.diagnostics, ...expanded.diagnostics];
  diagnostics.push(...writtenPlatformDiagnostics(images, level, parsed.sourceMap));
  diagnostics.push(...parentPlatformDiagnostics(expanded.nodes, parsed.sourceMap));
  // Values rendering would refuse (line breaks, control characters, a trailing backslash): say so now.
  const allImages = [...images, ...salvagedImages];
  diagnostics.push(...unsafeValueDiagnostics({ ...normalized, images: allImages }, file, parsed.sourceMap));
  if (options.checkTags !== false) {
    diagnostics.push(...tagDiagnostics({ file, images: normalized.images, nodes: expanded.nodes }, parsed.sourceMap));
  }
  const result = buildGraph(expanded.nodes);
  if ('cycles' in result) diagnostics.push(...cycleDiagnostics(result.cycles, expanded.nodes, parsed.sourceMap));
  const graph = 'graph' in result ? result.graph : undefined;
  const families = options.families ?? OS_FAMILIES;
  diagnostics.push(...familyDiagnostics(normalized.images, graph, parsed.sourceMap, families));
  diagnostics.push(...updatesDiagnostics(normalized.images, normalized.mirrors, parsed.sourceMap));
  if (hasErrors(diagnostics) || !('graph' in result)) throw new InvalidInputError(sortDiagnostics(diagnostics));
  const catalog: Catalog = {
    file,
    registry: options.registry ?? normalized.registry,
    labels: normalized.labels,
    mirrors: normalized.mirrors,
    builder: normalized.builder,
    lint: normalized.lint,
    signing: normalized.signing,
    vars: normalized.vars,
    platforms: catalogPlatforms(expanded.nodes),
    images: normalized.images,
    nodes: expanded.nodes,
  };
  return { catalog, graph: result.graph, sourceMap: parsed.sourceMap, diagnostics };
}

function cycleDiagnostics(
  cycles: readonly (readonly string[])[],
  nodes: readonly CatalogNode[],
  map: SourceMap,
): Diagnostic[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  return cycles.map((cycle) => {
    const first = byId.get(cycle[0] ?? '');
    const path = first?.source.from ?? first?.source.entry ?? [];
    return {
      code: 'cycle',
      severity: 'error',
      file: map.file,
      position: map.valueAt(path),
      path,
      message: `dependency cycle: ${cycle.join(' → ')} (each is built FROM the next)`,
      hint: 'one of these "from:" entries must point elsewhere',
    };
  });
}
