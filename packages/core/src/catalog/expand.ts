import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { DEFAULT_PLATFORM } from '../platform/platform.js';
import { type CatalogNode, type ImageSpec, nodeId, type Variables } from './model.js';
import { type CatalogPlatforms, nodePlatforms } from './platform-inheritance.js';
import { resolveParent } from './resolve-parent.js';
import type { SourceMap } from './source-map.js';

export interface ExpandResult {
  readonly nodes: readonly CatalogNode[];
  readonly diagnostics: readonly Diagnostic[];
}

interface NodeDraft {
  readonly id: string;
  readonly image: ImageSpec;
  readonly version: ImageSpec['versions'][number];
  readonly variant: ImageSpec['variants'][number] | undefined;
}

/** One draft per version x variant (or per version when the image has no variants). */
function drafts(image: ImageSpec): NodeDraft[] {
  const result: NodeDraft[] = [];
  for (const version of image.versions) {
    if (image.variants.length === 0) {
      result.push({ id: nodeId(image.name, version.version, null), image, version, variant: undefined });
      continue;
    }
    for (const variant of image.variants) {
      if (version.variants && !version.variants.includes(variant.name)) continue;
      result.push({ id: nodeId(image.name, version.version, variant.name), image, version, variant });
    }
  }
  return result;
}

/**
 * Expands images into nodes and resolves each node's parent. Reports duplicate ids, missing and
 * unknown parents, and apps used as parents; cycles are found by the graph. `checkedOnly`: images
 * with other errors (see NormalizedCatalog.salvagedImages), whose parents are checked too but which
 * give no nodes (nor a "no parent" error: their kind may be unknown).
 */
export function expandNodes(
  images: readonly ImageSpec[],
  globalVars: Variables,
  invalidImages: ReadonlySet<string>,
  map: SourceMap,
  checkedOnly: readonly ImageSpec[] = [],
  catalogPlatforms: CatalogPlatforms = { platforms: [DEFAULT_PLATFORM] },
): ExpandResult {
  const diagnostics: Diagnostic[] = [];
  const checking = new Set(checkedOnly);
  const all = [...images, ...checkedOnly].flatMap(drafts);
  const byId = new Map<string, NodeDraft>();
  for (const draft of all) {
    const first = byId.get(draft.id);
    if (first) {
      const path = draft.version.path;
      const message = `node id "${draft.id}" is produced twice: by ${describeEntry(draft)} and by ${describeEntry(first)}`;
      diagnostics.push({
        code: 'duplicate-id',
        severity: 'error',
        file: map.file,
        position: map.keyAt(path),
        path,
        message,
        hint: 'rename the version or the variant so ids stay unique',
      });
      continue;
    }
    byId.set(draft.id, draft);
  }
  const imagesByName = new Map(images.map((image) => [image.name, image]));
  const nodes: CatalogNode[] = [];
  for (const draft of byId.values()) {
    const checkOnly = checking.has(draft.image);
    const context = { globalVars, imagesByName, invalidImages, catalogPlatforms };
    const node = toNode(draft, context, map, diagnostics, checkOnly);
    if (node && !checkOnly) nodes.push(node);
  }
  return { nodes, diagnostics };
}

function describeEntry(draft: NodeDraft): string {
  const variant = draft.variant ? ` with variant "${draft.variant.name}"` : '';
  return `version "${draft.version.version}"${variant}`;
}

/** The `from` that applies to a node and where it is written: variant, then version, then image. */
function effectiveFrom(draft: NodeDraft): { text: string; path: KeyPath } | undefined {
  if (draft.variant?.from !== undefined) return { text: draft.variant.from, path: [...draft.variant.path, 'from'] };
  if (draft.version.from !== undefined) return { text: draft.version.from, path: [...draft.version.path, 'from'] };
  if (draft.image.from !== undefined) return { text: draft.image.from, path: [...draft.image.path, 'from'] };
  return undefined;
}

interface ExpandContext {
  readonly globalVars: Variables;
  readonly imagesByName: ReadonlyMap<string, ImageSpec>;
  readonly invalidImages: ReadonlySet<string>;
  readonly catalogPlatforms: CatalogPlatforms;
}

function toNode(
  draft: NodeDraft,
  { globalVars, imagesByName, invalidImages, catalogPlatforms }: ExpandContext,
  map: SourceMap,
  diagnostics: Diagnostic[],
  checkOnly = false,
): CatalogNode | undefined {
  const { image, version, variant } = draft;
  const from = effectiveFrom(draft);
  const report = (path: KeyPath, code: string, message: string, hint?: string, onKey = false): void => {
    // An image-level `from` is shared by all its nodes: say its problem once.
    if (diagnostics.some((d) => d.code === code && d.path?.join('\0') === path.join('\0'))) return;
    const position = onKey ? map.keyAt(path) : map.valueAt(path);
    diagnostics.push({ code, severity: 'error', file: map.file, position, path, message, ...(hint ? { hint } : {}) });
  };
  if (!from && image.kind !== 'os') {
    if (checkOnly) return undefined;
    const hint = 'add "from: <image>:<version>" to the image, version or variant (only os images start from nothing)';
    report(variant?.path ?? version.path, 'missing-parent', `"${draft.id}" has no parent`, hint, true);
    return undefined;
  }
  const parent = from ? resolveParent(from.text, { imagesByName, invalidImages }) : null;
  if (parent && 'problem' in parent) {
    if (parent.problem) report(from?.path ?? [], parent.problem.code, parent.problem.message, parent.problem.hint);
    return undefined;
  }
  const platforms = nodePlatforms(image, version, catalogPlatforms);
  return {
    id: draft.id,
    image: image.name,
    version: version.version,
    variant: variant?.name ?? null,
    kind: image.kind,
    parent,
    isDefaultVariant: variant === undefined || variant.isDefault,
    aliases: variant?.aliases ?? [],
    vars: { ...globalVars, ...image.vars, ...(variant?.vars ?? {}), ...version.vars },
    platforms: platforms.platforms,
    source: {
      entry: variant?.path ?? version.path,
      ...(from ? { from: from.path } : {}),
      ...(platforms.path ? { platforms: platforms.path } : {}),
    },
  };
}
