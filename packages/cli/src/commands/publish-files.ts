import { isAbsolute, relative } from 'node:path';

/** A path as errors show it: relative to the working folder when inside it. */
export function shownPath(cwd: string, file: string): string {
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}
