import type { LoadedCatalog } from '../catalog/load-catalog.js';
import {
  type Catalog,
  type CatalogNode,
  imageSpec,
  type JsonValue,
  mirrorBuildArg,
  mirrorEnvironmentVariable,
} from '../catalog/model.js';
import { type Diagnostic, formatKeyPath, type KeyPath, sortDiagnostics } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { nodeSecuritySource } from '../render/node-templates.js';
import {
  type CatalogRequirement,
  type CatalogSource,
  type Parsed,
  parseRequirements,
  parseSourceVariable,
} from './parse-source.js';

/** What one node downloads: the sources and pip requirements its variables name. */
export interface NodeSources {
  readonly id: string;
  readonly image: string;
  readonly version: string;
  readonly variant: string | null;
  readonly sources: readonly CatalogSource[];
  readonly requirements: readonly CatalogRequirement[];
}

/** A `mirrors:` entry, with the build arg it becomes and the variable that overrides it. */
export interface MirrorSetting {
  readonly name: string;
  readonly buildArg: string;
  readonly variable: string;
  /** The catalog's value ("" means the tool's own default). */
  readonly default: string;
  /** What builds get: the variable's value when set and not empty, else the default. */
  readonly value: string;
  readonly overridden: boolean;
}

/** A `securityUpdates` that applies to some of the listed nodes (see nodeSecuritySource). */
export interface SecurityArchiveUse {
  /** The image that declares it. */
  readonly image: string;
  readonly suite: string;
  readonly components: readonly string[];
  /** The `mirrors:` name it reads the archive from, else null (CATALOG_DEBIAN_SECURITY_MIRROR, apt). */
  readonly mirror: string | null;
  readonly nodes: readonly string[];
}

export interface SourcesListing {
  readonly nodes: readonly NodeSources[];
  readonly mirrors: readonly MirrorSetting[];
  readonly securityArchives: readonly SecurityArchiveUse[];
}

/** The variables that name downloads; see the README's `catalog sources`. */
export const SOURCE_VARIABLES = ['source', 'sources', 'requirements'] as const;

/**
 * What the given nodes download, read from their variables: `source` (a mapping), `sources` (a list
 * of mappings) and `requirements` (pip requirement strings); plus the catalog's mirrors with their
 * overrides in `env`, and the security suites the nodes get fixes from. Every malformed variable
 * throws, together, as one InvalidInputError with positions.
 */
export function listSources(
  loaded: LoadedCatalog,
  nodes: readonly CatalogNode[],
  env: Readonly<Record<string, string | undefined>>,
): SourcesListing {
  const { catalog, sourceMap } = loaded;
  const diagnostics: Diagnostic[] = [];
  const report = (path: KeyPath, message: string, hint: string): void => {
    if (diagnostics.some((d) => d.path?.join('\0') === path.join('\0'))) return;
    const position = sourceMap.valueAt(path);
    diagnostics.push({
      code: 'invalid-source',
      severity: 'error',
      file: sourceMap.file,
      position,
      path,
      message,
      hint,
    });
  };
  const listed = nodes.map((node) => nodeSources(catalog, node, report));
  if (diagnostics.length > 0) throw new InvalidInputError(sortDiagnostics(diagnostics));
  return {
    nodes: listed,
    mirrors: mirrorSettings(catalog, env),
    securityArchives: securityArchives(loaded, nodes),
  };
}

type Report = (path: KeyPath, message: string, hint: string) => void;

function nodeSources(catalog: Catalog, node: CatalogNode, report: Report): NodeSources {
  const sources: CatalogSource[] = [];
  const requirements: CatalogRequirement[] = [];
  const read = <T>(name: (typeof SOURCE_VARIABLES)[number], parse: (value: JsonValue, at: string) => Parsed<T>) => {
    const value = node.vars[name];
    if (value === undefined) return [];
    const path = variablePath(catalog, node, name);
    const parsed = parse(value, formatKeyPath(path));
    if ('ok' in parsed) return parsed.ok;
    report([...path, ...parsed.problem.subPath], parsed.problem.message, parsed.problem.hint);
    return [];
  };
  sources.push(...read('source', (value, at) => parseSourceVariable('source', value, at)));
  sources.push(...read('sources', (value, at) => parseSourceVariable('sources', value, at)));
  requirements.push(...read('requirements', parseRequirements));
  return { id: node.id, image: node.image, version: node.version, variant: node.variant, sources, requirements };
}

/** Where a node's variable is written: its version, its variant, its image's `vars`, or the catalog's. */
export function variablePath(catalog: Catalog, node: CatalogNode, name: string): KeyPath {
  const image = imageSpec(catalog, node.image);
  const version = image.versions.find((v) => v.version === node.version);
  if (version && name in version.vars) return [...version.path, name];
  const variant = image.variants.find((v) => v.name === node.variant);
  if (variant && name in variant.vars) return [...variant.path, name];
  if (name in image.vars) return [...image.path, 'vars', name];
  return ['vars', name];
}

function mirrorSettings(catalog: Catalog, env: Readonly<Record<string, string | undefined>>): MirrorSetting[] {
  return Object.entries(catalog.mirrors)
    .map(([name, value]) => {
      const variable = mirrorEnvironmentVariable(name);
      const override = env[variable];
      const overridden = override !== undefined && override !== '';
      return {
        name,
        buildArg: mirrorBuildArg(name),
        variable,
        default: value,
        value: overridden ? override : value,
        overridden,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function securityArchives(loaded: LoadedCatalog, nodes: readonly CatalogNode[]): SecurityArchiveUse[] {
  const byKey = new Map<string, SecurityArchiveUse & { nodes: string[] }>();
  for (const node of nodes) {
    const source = nodeSecuritySource(loaded.catalog, loaded.graph, node);
    if (!source) continue;
    const key = [source.image, source.suite, source.mirror ?? ''].join('\0');
    const entry = byKey.get(key) ?? {
      image: source.image,
      suite: source.suite,
      components: source.components,
      mirror: source.mirror ?? null,
      nodes: [],
    };
    entry.nodes.push(node.id);
    byKey.set(key, entry);
  }
  return [...byKey.values()];
}
