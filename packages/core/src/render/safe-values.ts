import type { KeyPath } from '../diagnostics.js';

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

/** A Dockerfile double-quoted string: escapes `\`, `"` and `$` so the value is taken literally. */
export function dockerString(value: string): string {
  return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
}
