/** A position in a source file, 1-based like editors show it. */
export interface SourcePosition {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A key path into the catalog document, e.g. ['images', 'flask', 'from']. */
export type KeyPath = readonly (string | number)[];

export type Severity = 'error' | 'warning';

/**
 * One problem found in an input. Every diagnostic says where (file, line, column and key path),
 * what was expected, and when it can, how to fix it.
 */
export interface Diagnostic {
  /** Stable machine-readable id, e.g. `unknown-key`, `cycle`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** The file the problem is in; the position, when one is known, names the same file. */
  readonly file: string;
  readonly position?: SourcePosition;
  readonly path?: KeyPath;
  /** A suggested fix, phrased as an instruction. */
  readonly hint?: string;
}

/** `images.flask.from`; a key with a line break or another control character is quoted and escaped. */
export function formatKeyPath(path: KeyPath): string {
  return path
    .map((segment) =>
      typeof segment === 'string' && CONTROL.test(segment) ? JSON.stringify(segment) : String(segment),
    )
    .join('.');
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: escaping them is the point
const CONTROLS = /[\u0000-\u0008\u000a-\u001f\u007f\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** `text` on one line: line breaks and control characters escaped as JSON writes them. */
function oneLine(text: string): string {
  return text.replace(
    CONTROLS,
    (c) => ESCAPES[c] ?? `\\u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
  );
}

/**
 * `catalog.yaml:14:7: images.flask.from: unknown image "pyhton"; did you mean "python"?`, always on
 * one line: text taken from the catalog (a key, a value) cannot break it in two.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.position ? `${d.position.file}:${d.position.line}:${d.position.column}` : d.file;
  const path = d.path && d.path.length > 0 ? ` ${formatKeyPath(d.path)}:` : '';
  const severity = d.severity === 'warning' ? ' warning:' : '';
  const hint = d.hint ? ` (${d.hint})` : '';
  return oneLine(`${where}:${severity}${path} ${d.message}${hint}`);
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Orders diagnostics by file, then position, so reports read top to bottom. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.position?.line ?? 0) - (b.position?.line ?? 0) ||
      (a.position?.column ?? 0) - (b.position?.column ?? 0),
  );
}
