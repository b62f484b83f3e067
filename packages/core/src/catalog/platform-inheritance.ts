import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { canonicalPlatform, platformProblem, sortPlatforms } from '../platform/platform.js';
import type { CatalogNode, ImageSpec, VersionSpec } from './model.js';
import type { SourceMap } from './source-map.js';

/**
 * `platforms:` is inherited catalog → image → version: the nearest one written applies, and a
 * catalog without any means the host's platform (the caller passes it), so nothing changes for a
 * catalog that names none. What is written below the catalog must be among what is written above
 * it, and a node must be built for no platform its parent node lacks.
 */

type ReportError = (path: KeyPath, code: string, message: string, hint?: string, onKey?: boolean) => void;

/** A written `platforms:` list, canonical, in written order (indexes match the text); each unknown or repeated entry is reported at its position. */
export function normalizePlatformList(
  raw: readonly string[] | undefined,
  path: KeyPath,
  error: ReportError,
): string[] | undefined {
  if (raw === undefined) return undefined;
  const seen = new Map<string, string>();
  for (const [index, text] of raw.entries()) {
    const problem = platformProblem(text);
    if (problem) {
      error([...path, index], 'unknown-platform', problem.message, problem.hint);
      continue;
    }
    const name = canonicalPlatform(text) as string;
    const first = seen.get(name);
    if (first !== undefined) {
      const message =
        first === text
          ? `platform "${text}" is listed twice`
          : `platform "${text}" is ${name}, listed already as "${first}"`;
      error([...path, index], 'duplicate-platform', message, 'list it once');
      continue;
    }
    seen.set(name, text);
  }
  return [...seen.keys()];
}

/** The catalog-level platforms: what `platforms:` says, else the host's. */
export interface CatalogPlatforms {
  readonly platforms: readonly string[];
  /** Where they are written; undefined when they are the host's. */
  readonly path?: KeyPath;
}

/** A node's platforms and where they are written: version, else image, else catalog. */
export function nodePlatforms(
  image: ImageSpec,
  version: VersionSpec,
  catalog: CatalogPlatforms,
): { platforms: readonly string[]; path?: KeyPath } {
  if (version.platforms) return { platforms: sortPlatforms(version.platforms), path: [...version.path, 'platforms'] };
  if (image.platforms) return { platforms: sortPlatforms(image.platforms), path: [...image.path, 'platforms'] };
  return { platforms: sortPlatforms(catalog.platforms), ...(catalog.path ? { path: catalog.path } : {}) };
}

const list = (platforms: readonly string[]) => platforms.join(', ');

/** Image lists within the catalog's, version lists within their image's. */
export function writtenPlatformDiagnostics(
  images: readonly ImageSpec[],
  catalog: CatalogPlatforms,
  map: SourceMap,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const outside = (
    written: readonly string[],
    path: KeyPath,
    allowed: readonly string[],
    owner: string,
    ownerPath: string,
  ) => {
    for (const platform of written.filter((p) => !allowed.includes(p))) {
      const where = [...path, written.indexOf(platform)];
      diagnostics.push({
        code: 'platform-not-inherited',
        severity: 'error',
        file: map.file,
        position: map.valueAt(where),
        path: where,
        message: `platform ${platform} is not among ${owner}'s platforms (${list(allowed)})`,
        hint: `add ${platform} to ${ownerPath}, or remove it here`,
      });
    }
  };
  for (const image of images) {
    const imageLevel = image.platforms ?? catalog.platforms;
    if (image.platforms && catalog.path)
      outside(
        image.platforms,
        [...image.path, 'platforms'],
        catalog.platforms,
        'the catalog',
        '"platforms:" at the top',
      );
    for (const version of image.versions) {
      if (!version.platforms || (!image.platforms && !catalog.path)) continue;
      const where = image.platforms ? `images.${image.name}.platforms` : '"platforms:" at the top';
      const owner = image.platforms ? `image "${image.name}"` : 'the catalog';
      outside(version.platforms, [...version.path, 'platforms'], imageLevel, owner, where);
    }
  }
  return diagnostics;
}

/** A node built for a platform its parent node is not built for cannot be built: say where to fix it. */
export function parentPlatformDiagnostics(nodes: readonly CatalogNode[], map: SourceMap): Diagnostic[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const diagnostics: Diagnostic[] = [];
  for (const node of nodes) {
    if (node.parent?.type !== 'node') continue;
    const parent = byId.get(node.parent.id);
    if (!parent) continue;
    const missing = node.platforms.filter((p) => !parent.platforms.includes(p));
    if (missing.length === 0) continue;
    const path = node.source.platforms ?? node.source.from ?? node.source.entry;
    const message =
      `${node.id} is built for ${list(missing)}, which its parent ${parent.id} is not built for ` +
      `(its platforms: ${list(parent.platforms)})`;
    const within = parent.platforms.filter((p) => node.platforms.includes(p));
    const narrower = within.length > 0 ? `, or build this one for [${list(within)}] only ("platforms:" here)` : '';
    diagnostics.push({
      code: 'platform-not-in-parent',
      severity: 'error',
      file: map.file,
      position: map.valueAt(path),
      path,
      message,
      hint: `add ${list(missing)} to the platforms of image "${parent.image}"${narrower}`,
    });
  }
  return diagnostics;
}

/** Every platform some node is built for, in the platform table's order. */
export function catalogPlatforms(nodes: readonly CatalogNode[]): string[] {
  return sortPlatforms(nodes.flatMap((node) => node.platforms));
}
