import { type Catalog, type CatalogNode, type ImageSpec, imageSpec } from '../catalog/model.js';

/** A node the change selects directly, and why (the catalog key that changed). */
export interface DiffSelection {
  readonly id: string;
  readonly reason: string;
}

/** Settings that only say how to build, not what: changing them rebuilds nothing. */
const BUILD_ONLY_SETTINGS = new Set(['builder', 'signing']);

/** JSON with sorted keys, so equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/**
 * An image's own settings, without its versions and variants, without source positions, and
 * without the upstream-watch settings (`securityUpdates`, `rebuildAfter`, `updates`), which change no image.
 */
function imageSettings(image: ImageSpec): unknown {
  const {
    versions: _versions,
    variants: _variants,
    path: _path,
    securityUpdates: _security,
    rebuildAfter: _age,
    updates: _updates,
    ...rest
  } = image;
  return rest;
}

function withoutPath<T extends { path: unknown }>(entry: T): Omit<T, 'path'> {
  const { path: _path, ...rest } = entry;
  return rest;
}

/**
 * Nodes whose effective catalog entry differs between two catalogs: a changed global setting
 * selects every node, a changed image setting the image's nodes, a changed version or variant entry
 * its nodes, and a new node itself. Comments and formatting change nothing here.
 */
export function catalogDiff(base: Catalog, head: Catalog): DiffSelection[] {
  const global = globalChange(base, head);
  if (global) return head.nodes.map((node) => ({ id: node.id, reason: `catalog.yaml ${global}` }));
  const baseImages = new Map(base.images.map((image) => [image.name, image]));
  const baseNodes = new Map(base.nodes.map((node) => [node.id, node]));
  const selections: DiffSelection[] = [];
  for (const node of head.nodes) {
    const image = imageSpec(head, node.image);
    const before = baseImages.get(node.image);
    const baseNode = baseNodes.get(node.id);
    const reason =
      !before || !baseNode
        ? `new in catalog.yaml`
        : (entryChange(before, image, node) ?? platformChange(baseNode, node));
    if (reason) selections.push({ id: node.id, reason });
  }
  return selections;
}

/** Catalog-wide settings that select every node when they change. */
const GLOBAL_KEYS = (['registry', 'labels', 'mirrors', 'vars'] as const).filter((key) => !BUILD_ONLY_SETTINGS.has(key));

function globalChange(base: Catalog, head: Catalog): string | undefined {
  return GLOBAL_KEYS.find((key) => canonical(base[key]) !== canonical(head[key]));
}

/**
 * Each node's effective catalog entry as canonical text, by node id: the global settings, its
 * image's settings, its version entry and its variant entry — exactly what `catalogDiff` compares,
 * so two catalogs give a node the same text exactly when the diff does not select it for its own
 * entry. Comments, formatting, key order and `builder` settings leave it unchanged. (Tools that key
 * caches on files, such as the Nx plugin, hash it.)
 */
export function nodeEntries(catalog: Catalog): Map<string, string> {
  const global = canonical(Object.fromEntries(GLOBAL_KEYS.map((key) => [key, catalog[key] ?? null])));
  const images = new Map(catalog.images.map((image) => [image.name, image]));
  const settings = new Map(catalog.images.map((image) => [image.name, canonical(imageSettings(image))]));
  const entries = new Map<string, string>();
  for (const node of catalog.nodes) {
    const image = images.get(node.image);
    const version = image?.versions.find((v) => v.version === node.version);
    const variant = node.variant === null ? undefined : image?.variants.find((v) => v.name === node.variant);
    const own = canonical({
      platforms: node.platforms,
      version: version ? withoutPath(version) : null,
      variant: variant ? withoutPath(variant) : null,
    });
    entries.set(node.id, `{"global":${global},"image":${settings.get(node.image) ?? 'null'},"entry":${own}}`);
  }
  return entries;
}

function entryChange(before: ImageSpec, after: ImageSpec, node: CatalogNode): string | undefined {
  if (canonical(imageSettings(before)) !== canonical(imageSettings(after))) return `images.${after.name}`;
  const version = (image: ImageSpec) => image.versions.find((v) => v.version === node.version);
  const [oldVersion, newVersion] = [version(before), version(after)];
  if (!oldVersion || !newVersion || canonical(withoutPath(oldVersion)) !== canonical(withoutPath(newVersion))) {
    return `images.${after.name}.versions.${node.version}`;
  }
  if (node.variant === null) return undefined;
  const variant = (image: ImageSpec) => image.variants.find((v) => v.name === node.variant);
  const [oldVariant, newVariant] = [variant(before), variant(after)];
  if (!oldVariant || !newVariant || canonical(withoutPath(oldVariant)) !== canonical(withoutPath(newVariant))) {
    return `images.${after.name}.variants.${node.variant}`;
  }
  return undefined;
}

/** A node's platforms changed through the catalog-level `platforms:` (or the host's, when none is written). */
function platformChange(before: CatalogNode, after: CatalogNode): string | undefined {
  const [old, now] = [before.platforms.join(', '), after.platforms.join(', ')];
  return old === now ? undefined : `catalog.yaml platforms (${old} → ${now})`;
}

/** Nodes of the base catalog that the head no longer has. */
export function deletedNodes(base: Catalog, head: Catalog): CatalogNode[] {
  const ids = new Set(head.nodes.map((node) => node.id));
  return base.nodes.filter((node) => !ids.has(node.id));
}
