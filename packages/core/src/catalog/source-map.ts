import { createRequire } from 'node:module';
import type { Document, LineCounter, Node, YAMLError } from 'yaml';
import type { KeyPath, SourcePosition } from '../diagnostics.js';

/**
 * Answers "where in the file is this key path?". Positions of paths that do not exist fall back to
 * the deepest ancestor that does, so every diagnostic has a place.
 *
 * The position-keeping YAML document is built on first use: a valid catalog is read by a faster
 * parser and never pays for positions (see parse-yaml.ts).
 */
export class SourceMap {
  private parsed: { doc: Document; lines: LineCounter } | undefined;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  /** Syntax errors as the position-keeping parser sees them. */
  syntaxErrors(): readonly YAMLError[] {
    return this.document().doc.errors;
  }

  /** Position of the value at `path`. */
  valueAt(path: KeyPath): SourcePosition {
    return this.positionOf(this.walk(path).value);
  }

  /** The text the file writes for the value at `path` (quotes included), when it is a scalar written there. */
  writtenAt(path: KeyPath): string | undefined {
    const { isScalar } = yamlLibrary();
    const node = this.walk(path).value;
    if (!isScalar(node) || !node.range) return undefined;
    return this.text.slice(node.range[0], node.range[1]);
  }

  /** Position of the key that names the last segment of `path` (for unknown or misspelled keys). */
  keyAt(path: KeyPath): SourcePosition {
    const found = this.walk(path);
    return this.positionOf(found.key ?? found.value);
  }

  /**
   * The key path of the deepest entry whose text holds `offset` (a position in the text): where a
   * problem found in the text itself (a bad byte, a syntax error) sits in the document.
   */
  pathAt(offset: number): KeyPath {
    const { isMap, isScalar, isSeq } = yamlLibrary();
    const path: (string | number)[] = [];
    const holds = (node: Node | null | undefined) => {
      const range = node?.range;
      return range != null && range[0] <= offset && offset < Math.max(range[2], range[0] + 1);
    };
    let node = (this.document().doc.contents as Node | null) ?? undefined;
    descend: while (node) {
      if (isMap(node)) {
        for (const pair of node.items) {
          const key = pair.key as Node | null;
          const value = pair.value as Node | null;
          if (!holds(key) && !holds(value)) continue;
          if (isScalar(key)) path.push(keyText(key.value));
          if (!holds(value)) break descend;
          node = value ?? undefined;
          continue descend;
        }
      } else if (isSeq(node)) {
        for (const [index, item] of node.items.entries()) {
          if (!holds(item as Node | null)) continue;
          path.push(index);
          node = item as Node;
          continue descend;
        }
      }
      break;
    }
    return path;
  }

  /**
   * Every map of the document with its key path and its scalar keys as written, in document order.
   * Aliases are not followed (a map is visited where it is written); merge keys (`<<`) are left out.
   */
  maps(): MapKeys[] {
    const { isMap, isPair, isScalar, isSeq } = yamlLibrary();
    const found: MapKeys[] = [];
    const stack: { node: Node | null | undefined; path: KeyPath }[] = [
      { node: this.document().doc.contents as Node | null, path: [] },
    ];
    while (stack.length > 0) {
      const { node, path } = stack.pop() as (typeof stack)[number];
      if (isMap(node)) {
        const keys: WrittenKey[] = [];
        const children: typeof stack = [];
        for (const pair of node.items) {
          if (!isPair(pair)) continue;
          const key = pair.key as Node | null;
          if (isScalar(key) && typeof key.value !== 'symbol') {
            const start = key.range?.[0] ?? 0;
            keys.push({
              name: String(key.value),
              written: this.text.slice(start, key.range?.[1] ?? start),
              plainNumber: key.type === 'PLAIN' && typeof key.value === 'number',
              position: this.offset(start),
            });
            children.push({ node: pair.value as Node | null, path: [...path, String(key.value)] });
          }
        }
        found.push({ path, keys });
        stack.push(...children.reverse());
      } else if (isSeq(node)) {
        const items = node.items.map((item, index) => ({ node: item as Node | null, path: [...path, index] }));
        stack.push(...items.reverse());
      }
    }
    return found;
  }

  /** Position of a byte offset in the text. */
  offset(offset: number): SourcePosition {
    const { line, col } = this.document().lines.linePos(offset);
    return { file: this.file, line, column: col };
  }

  slice(start: number, end: number): string {
    return this.text.slice(start, end);
  }

  private document(): { doc: Document; lines: LineCounter } {
    if (!this.parsed) {
      const { LineCounter, parseDocument } = yamlLibrary();
      const lines = new LineCounter();
      // Duplicate keys are found by maps() (as the data sees keys), not as syntax errors.
      const doc = parseDocument(this.text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: true });
      this.parsed = { doc, lines };
    }
    return this.parsed;
  }

  private positionOf(node: Node | undefined): SourcePosition {
    const start = node?.range?.[0] ?? 0;
    return this.offset(start);
  }

  /**
   * The part of `path` the text writes out, up to and including an alias (`*name`): where data that
   * aliases repeat comes from.
   */
  writtenPath(path: KeyPath): KeyPath {
    const { isAlias } = yamlLibrary();
    const doc = this.document().doc;
    let value: Node | undefined = (doc.contents as Node | null) ?? undefined;
    const written: (string | number)[] = [];
    for (const segment of path) {
      if (isAlias(value)) break;
      const next = childOf(doc, value, segment, false);
      if (!next) break;
      written.push(segment);
      value = next.value ?? next.key;
    }
    return written;
  }

  private walk(path: KeyPath): { key?: Node; value: Node | undefined } {
    const doc = this.document().doc;
    let value: Node | undefined = (doc.contents as Node | null) ?? undefined;
    let key: Node | undefined;
    for (const segment of path) {
      const next = childOf(doc, value, segment, true);
      if (!next) break;
      key = next.key;
      value = next.value ?? next.key ?? value;
    }
    return key ? { key, value } : { value };
  }
}

/** A key of a map as the file writes it. */
export interface WrittenKey {
  /** The key as the data names it (a string; a number key becomes its JavaScript string: 3.10 → "3.1"). */
  readonly name: string;
  /** Its text in the file, quotes included. */
  readonly written: string;
  /** Whether YAML reads it as a number (unquoted digits). */
  readonly plainNumber: boolean;
  readonly position: SourcePosition;
}

/** A map of the document: its key path and its keys as written. */
export interface MapKeys {
  readonly path: KeyPath;
  readonly keys: readonly WrittenKey[];
}

/** A key as the loaded data names it (plain objects: keys are strings). */
function keyText(value: unknown): string {
  return typeof value === 'symbol' ? (value.description ?? '') : String(value);
}

/** The position-keeping YAML library, loaded on first use: valid catalogs never need it. */
function yamlLibrary(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml');
}

/**
 * The entry `segment` of a map or list, as the loaded data has it. With `followAliases`, an alias
 * stands for its anchored node, so positions point where the data is written; merge keys (`<<`)
 * are followed either way, as js-yaml merges: a key of the map itself first, then the merged maps
 * in order.
 */
function childOf(
  doc: Document,
  start: Node | undefined,
  segment: string | number,
  followAliases: boolean,
  seen = new Set<Node>(),
): { key?: Node; value?: Node } | undefined {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlLibrary();
  const resolve = (n: Node | undefined): Node | undefined =>
    isAlias(n) ? ((n.resolve(doc) as Node | undefined) ?? undefined) : n;
  const node = followAliases ? resolve(start) : start;
  if (node === undefined || seen.has(node)) return undefined;
  seen.add(node);
  if (isMap(node)) {
    const merged: Node[] = [];
    // The last of repeated keys, as the data has it (duplicates are reported, then read last-wins).
    for (const pair of [...node.items].reverse()) {
      if (!isPair(pair)) continue;
      const k = pair.key as Node | null;
      if (!isScalar(k)) continue;
      if (typeof k.value === 'symbol') {
        merged.unshift(pair.value as Node);
        continue;
      }
      // A number key is found by its value (3.1) and by its text (3.10), which the error about it uses.
      const text = typeof k.value === 'number' ? k.source : undefined;
      if (String(k.value) === String(segment) || text === String(segment)) {
        const v = (pair.value as Node | null) ?? undefined;
        return v ? { key: k, value: v } : { key: k };
      }
    }
    for (const source of merged.flatMap((m) => (isSeq(m) ? (m.items as Node[]) : [m]))) {
      const found = childOf(doc, resolve(source), segment, followAliases, seen);
      if (found) return found;
    }
    return undefined;
  }
  if (isSeq(node) && typeof segment === 'number') {
    const item = node.items[segment] as Node | undefined;
    return item ? { value: item } : undefined;
  }
  return undefined;
}
