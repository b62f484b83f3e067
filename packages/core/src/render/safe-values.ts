import type { ImageSpec, LabelSettings, Variables } from '../catalog/model.js';
import type { SourceMap } from '../catalog/source-map.js';
import type { Diagnostic, KeyPath } from '../diagnostics.js';

/** Why a value cannot go into a Dockerfile, or undefined when it can. */
export function unsafeReason(value: string): string | undefined {
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
  if (typeof data === 'string') {
    const reason = unsafeReason(data);
    return reason ? [{ path, reason }] : [];
  }
  if (data === null || typeof data !== 'object') return [];
  const found: UnsafeValue[] = [];
  for (const [key, value] of Object.entries(data)) {
    const keyReason = unsafeReason(key);
    if (keyReason) found.push({ path: [...path, key], reason: `key ${keyReason}` });
    found.push(...findUnsafeValues(value, [...path, Array.isArray(data) ? Number(key) : key]));
  }
  return found;
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
  const roots: { path: (string | number)[]; value: unknown }[] = [
    { path: ['registry'], value: catalog.registry },
    { path: ['labels'], value: catalog.labels },
    { path: ['vars'], value: catalog.vars },
    { path: ['mirrors'], value: catalog.mirrors },
    ...catalog.images.flatMap((image) => [
      { path: [...image.path], value: { title: image.title, description: image.description, vars: image.vars } },
      ...image.versions.map((v) => ({ path: [...v.path], value: v.vars })),
      ...image.variants.map((v) => ({
        path: [...v.path],
        value: { ...v.vars, description: v.description, aliases: v.aliases },
      })),
    ]),
  ];
  return roots.flatMap(({ path, value }) =>
    findUnsafeValues(value, path).map(({ path: at, reason }) => ({
      code: 'unsafe-value',
      severity: 'error' as const,
      file,
      ...(map ? { position: map.valueAt(at) } : {}),
      path: at,
      message: `value ${reason}`,
      hint: 'values end up in Dockerfiles: keep them on one line',
    })),
  );
}

/** A Dockerfile double-quoted string: escapes `\`, `"` and `$` so the value is taken literally. */
export function dockerString(value: string): string {
  return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
}
