import type { ImageSpec, LabelSettings, Variables } from '../catalog/model.js';
import type { SourceMap } from '../catalog/source-map.js';
import type { Diagnostic, KeyPath } from '../diagnostics.js';

/** Anything unsafeReason might object to: one test, so the common safe value costs little. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
const SUSPECT = /[\u0000-\u0008\u000a-\u001f\u007f]|\\\s*$/;

/** Why a value cannot go into a Dockerfile, or undefined when it can. */
export function unsafeReason(value: string): string | undefined {
  if (!SUSPECT.test(value)) return undefined;
  if (/[\r\n]/.test(value)) return 'contains a line break, which would start a new Dockerfile instruction';
  // Control characters other than tab have no place in a Dockerfile.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) return 'contains a control character';
  if (/\\\s*$/.test(value)) return 'ends with a backslash, which would continue the line into the next instruction';
  return undefined;
}

export interface UnsafeValue {
  readonly path: KeyPath;
  readonly reason: string;
}

/**
 * Every string in `data` (keys included) that cannot be written into a Dockerfile. Templates
 * render with no escaping, so this check is what keeps catalog values from injecting instructions.
 */
export function findUnsafeValues(data: unknown, path: KeyPath = []): UnsafeValue[] {
  const walker = unsafeWalker();
  walker.visit(data, path);
  return walker.found;
}

/**
 * Walks values for unsafe strings with one path, grown and shrunk as it goes and copied only for
 * what it finds: a big catalog has tens of thousands of values, nearly all of them safe.
 */
function unsafeWalker() {
  const found: UnsafeValue[] = [];
  const at: (string | number)[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const reason = unsafeReason(value);
      if (reason) found.push({ path: [...at], reason });
      return;
    }
    if (value === null || typeof value !== 'object') return;
    const list = Array.isArray(value);
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const keyReason = list ? undefined : unsafeReason(key);
      if (keyReason) found.push({ path: [...at, key], reason: `key ${keyReason}` });
      at.push(list ? Number(key) : key);
      walk((value as Record<string, unknown>)[key]);
      at.pop();
    }
  };
  return {
    found,
    /** Checks `value`, found at `path` (then `...more`). */
    visit(value: unknown, path: KeyPath, ...more: (string | number)[]): void {
      if (value === undefined || value === null || typeof value === 'number' || typeof value === 'boolean') return;
      const depth = at.length;
      at.push(...path, ...more);
      walk(value);
      at.length = depth;
    },
  };
}

/** The values of a catalog that templates and labels write into Dockerfiles. */
export interface CatalogValues {
  readonly registry: string;
  readonly labels: LabelSettings;
  readonly vars: Variables;
  readonly mirrors: Readonly<Record<string, string>>;
  readonly images: readonly ImageSpec[];
}

/**
 * Every catalog value that cannot go into a Dockerfile (see unsafeReason), positioned: `catalog
 * validate` reports them, and rendering refuses them again (its catalog may come from elsewhere).
 */
export function unsafeValueDiagnostics(catalog: CatalogValues, file: string, map?: SourceMap): Diagnostic[] {
  const walker = unsafeWalker();
  walker.visit(catalog.registry, ['registry']);
  walker.visit(catalog.labels, ['labels']);
  walker.visit(catalog.vars, ['vars']);
  walker.visit(catalog.mirrors, ['mirrors']);
  for (const image of catalog.images) {
    walker.visit(image.title, image.path, 'title');
    walker.visit(image.description, image.path, 'description');
    walker.visit(image.vars, image.path, 'vars');
    for (const version of image.versions) walker.visit(version.vars, version.path);
    for (const variant of image.variants) {
      walker.visit(variant.vars, variant.path);
      walker.visit(variant.description, variant.path, 'description');
      walker.visit(variant.aliases, variant.path, 'aliases');
    }
  }
  return walker.found.map(({ path, reason }) => ({
    code: 'unsafe-value',
    severity: 'error' as const,
    file,
    ...(map ? { position: map.valueAt(path) } : {}),
    path,
    message: `value ${reason}`,
    hint: 'values end up in Dockerfiles: keep them on one line',
  }));
}

/** A Dockerfile double-quoted string: escapes `\`, `"` and `$` so the value is taken literally. */
export function dockerString(value: string): string {
  return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
}
