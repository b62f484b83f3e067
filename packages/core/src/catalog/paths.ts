/**
 * Paths written in the catalog (`template`, `context`, `prepare.file`) name files of the catalog's
 * folder (or of the build context): they must stay inside it. This is the check of the text alone,
 * pure and positioned by the caller; the runner also resolves them on disk (symlinks included), see
 * @catalog/runner's catalog-paths.ts.
 */

/** Why `path` does not name a file (or folder) inside its folder, or undefined when it does. */
export function relativePathProblem(path: string, kind: 'file' | 'folder'): string | undefined {
  if (path.trim() === '') return 'is empty';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: detecting them is the point
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'contains a control character';
  if (/^[/\\]/.test(path) || /^[A-Za-z]:/.test(path)) return 'is absolute';
  let depth = 0;
  for (const segment of path.split(/[/\\]+/)) {
    if (segment === '' || segment === '.') continue;
    depth += segment === '..' ? -1 : 1;
    if (depth < 0) return 'goes up out of the folder with ".."';
  }
  // A build context may be the whole folder; a file cannot be.
  if (depth === 0 && kind === 'file') return 'names the folder itself';
  return undefined;
}

/** What a catalog path is relative to, for messages. */
export type PathBase = 'catalog' | 'context';

/** The message and fix for a catalog path that escapes its folder (see relativePathProblem). */
export function pathDiagnosticText(
  key: string,
  path: string,
  problem: string,
  kind: 'file' | 'folder',
  base: PathBase,
  example: string,
): { message: string; hint: string } {
  const folder = base === 'catalog' ? "the catalog's folder" : 'the build context';
  return {
    message: `${key} ${JSON.stringify(path)} ${problem}: it must name a ${kind} inside ${folder}`,
    hint: `write a path relative to ${folder} that stays inside it, e.g. ${example}`,
  };
}
