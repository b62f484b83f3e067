import type { EventType, State } from 'js-yaml';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import type { SourceMap } from './source-map.js';

/**
 * YAML reads an unquoted `3.10:` as the number 3.1, so the version key would silently be "3.1".
 * Keys are names: a key written as a number whose text is not its value is an error with the quoted
 * fix. Finding them needs the text of each key, which only the position-keeping parser has; a
 * listener on the fast parser says whether any such key exists at all, so a catalog without one
 * never pays for positions.
 */
export function numberWatch(): { readonly listener: (event: EventType, state: State) => void; seen(): boolean } {
  const starts: number[] = [];
  let seen = false;
  return {
    listener(event, state) {
      if (event === 'open') {
        starts.push(state.position);
        return;
      }
      const start = starts.pop() ?? 0;
      const result = (state as State & { result: unknown }).result;
      if (seen || typeof result !== 'number') return;
      // The node's text, without the anchors and tags that may precede it.
      const text = state.input
        .slice(start, state.position)
        .trim()
        .replace(/^(?:[&!]\S*\s+)+/, '');
      if (text === String(result)) return;
      // Only keys matter (`timeout: 1.0` as a value is a number on purpose): a key is followed by ":".
      let next = state.position;
      while (state.input[next] === ' ' || state.input[next] === '\t') next++;
      if (state.input[next] === ':') seen = true;
    },
    seen: () => seen,
  };
}

/**
 * The keys written as numbers whose text differs from their value, as errors; in `data`, each such
 * key is renamed to its text (3.1 → 3.10), so the checks that follow see what the file means and
 * report nothing twice (a parent `python:3.10` finds its version).
 */
export function numberKeyDiagnostics(data: unknown, map: SourceMap): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const renames: { parent: KeyPath; from: string; to: string }[] = [];
  for (const { path, keys } of map.maps()) {
    for (const key of keys) {
      if (!key.plainNumber || key.written === key.name) continue;
      const what = path[path.length - 1] === 'versions' ? 'version' : 'key';
      diagnostics.push({
        code: 'unquoted-number',
        severity: 'error',
        file: map.file,
        position: key.position,
        path: [...path, key.written],
        message: `${what} ${key.written} is not quoted: YAML reads it as the number ${key.name}`,
        hint: `write ${JSON.stringify(key.written)}`,
      });
      renames.push({ parent: path, from: key.name, to: key.written });
    }
  }
  // Deepest first: the paths of the others still name the keys as the data has them.
  for (const { parent, from, to } of renames.sort((a, b) => b.parent.length - a.parent.length)) {
    const object = objectAt(data, parent);
    if (object && Object.hasOwn(object, from) && !Object.hasOwn(object, to)) {
      Object.defineProperty(object, to, { value: object[from], enumerable: true, writable: true, configurable: true });
      delete object[from];
    }
  }
  return diagnostics;
}

function objectAt(data: unknown, path: KeyPath): Record<string, unknown> | undefined {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current !== null && typeof current === 'object' && !Array.isArray(current)
    ? (current as Record<string, unknown>)
    : undefined;
}
