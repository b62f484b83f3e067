import { isMap, isPair, isScalar, isSeq, type Node, type Pair, parseDocument, visit } from 'yaml';
import type { KeyPath } from '../diagnostics.js';
import type { ProposedVersion } from './entry-update.js';

/** A replacement of the text between two offsets. */
interface Splice {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * The catalog text with the proposed versions written in. Only the changed scalars are rewritten
 * (in their own quoting style) and added entries are inserted as text: every other byte, comments,
 * order and formatting included, stays as it was. Replacing a version renames its key, edits its
 * entry and points every `from:` that named one of its nodes (`python:3.13.5`, `flask:3.1.1-python3.13`)
 * at the new version; keeping it adds a copy of its entry, edited, right after it. The caller
 * validates the result before writing it.
 */
export function writeVersions(text: string, proposals: readonly ProposedVersion[]): string {
  const document = parseDocument(text, { keepSourceTokens: false });
  const splices: Splice[] = [];
  for (const proposal of proposals) {
    const versions = document.getIn(['images', proposal.image, 'versions'], true);
    if (!isMap(versions)) throw new Error(`images.${proposal.image}.versions is not a mapping`);
    const pair = versions.items.find((item) => isScalar(item.key) && String(item.key.value) === proposal.supersedes);
    if (!pair || !isScalar(pair.key))
      throw new Error(`images.${proposal.image}.versions has no "${proposal.supersedes}"`);
    const entryEdits = proposal.edits.map((edit) => scalarSplice(text, pair.value as Node | null, edit.path, edit.to));
    const keyEdit = scalarSplice(text, pair.key, [], proposal.version);
    if (proposal.keep) splices.push(copiedEntry(text, pair, versions.flow === true, [keyEdit, ...entryEdits]));
    else splices.push(keyEdit, ...entryEdits, ...referenceSplices(text, document, proposal));
  }
  return applySplices(text, splices);
}

/** The splice that gives the scalar at `path` under `node` the value `to`, in its quoting style. */
function scalarSplice(text: string, node: Node | null, path: KeyPath, to: string): Splice {
  let current: unknown = node;
  for (const key of path) {
    current = isMap(current) || isSeq(current) ? current.get(key, true) : undefined;
  }
  if (!isScalar(current) || !current.range) throw new Error(`no scalar at ${path.join('.')}`);
  const [start, end] = current.range;
  return { start, end, text: renderLike(text.slice(start, end), to) };
}

/** `value` written as the original scalar was: double-quoted, single-quoted or plain. */
function renderLike(original: string, value: string): string {
  if (original.startsWith('"')) return JSON.stringify(value);
  if (original.startsWith("'")) return `'${value.replace(/'/g, "''")}'`;
  const plainIsString =
    /^[A-Za-z0-9._/@+~-][A-Za-z0-9._/:@+~=-]*$/.test(value) && !/^[-+]?(\d+\.?\d*|\.\d+)$/.test(value);
  return plainIsString ? value : JSON.stringify(value);
}

/** A copy of the pair's text, edited, inserted after it (a new line in a block mapping, `, …` in a flow one). */
function copiedEntry(text: string, pair: Pair, flow: boolean, edits: readonly Splice[]): Splice {
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyStart = (key.range as [number, number, number])[0];
  const valueEnd = value?.range ? value.range[1] : (key.range as [number, number, number])[1];
  if (flow) {
    const copy = applySplices(text.slice(0, valueEnd), edits).slice(keyStart - shift(edits, keyStart));
    return { start: valueEnd, end: valueEnd, text: `, ${copy}` };
  }
  const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
  const newline = text.indexOf('\n', valueEnd > 0 ? valueEnd - 1 : 0);
  const lineEnd = newline < 0 ? text.length : newline;
  const block = text.slice(lineStart, lineEnd);
  const local = edits.map((e) => ({ start: e.start - lineStart, end: e.end - lineStart, text: e.text }));
  return { start: lineEnd, end: lineEnd, text: `\n${applySplices(block, local)}` };
}

/** How much the edits before `offset` lengthen the text. */
function shift(edits: readonly Splice[], offset: number): number {
  return edits.filter((e) => e.end <= offset).reduce((sum, e) => sum + e.text.length - (e.end - e.start), 0);
}

/** Splices pointing every `from:` that names a node of the superseded version at the new version. */
function referenceSplices(
  text: string,
  document: ReturnType<typeof parseDocument>,
  proposal: ProposedVersion,
): Splice[] {
  const old = `${proposal.image}:${proposal.supersedes}`;
  const splices: Splice[] = [];
  visit(document, {
    Pair(_, pair) {
      if (!isPair(pair) || !isScalar(pair.key) || pair.key.value !== 'from' || !isScalar(pair.value)) return;
      const value = pair.value.value;
      if (typeof value !== 'string' || !(value === old || value.startsWith(`${old}-`)) || !pair.value.range) return;
      const [start, end] = pair.value.range;
      const to = `${proposal.image}:${proposal.version}${value.slice(old.length)}`;
      splices.push({ start, end, text: renderLike(text.slice(start, end), to) });
    },
  });
  return splices;
}

/** The text with the splices applied (they do not overlap), last first. */
function applySplices(text: string, splices: readonly Splice[]): string {
  let out = text;
  for (const splice of [...splices].sort((a, b) => b.start - a.start || b.end - a.end)) {
    out = out.slice(0, splice.start) + splice.text + out.slice(splice.end);
  }
  return out;
}
