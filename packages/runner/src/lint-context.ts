import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { LintContext } from '@catalog/core/lint';

/** The linter's view of a build context on disk (paths relative to the context, '/'-separated). */
export function directoryLintContext(dir: string): LintContext {
  return {
    hasFile: (path) => {
      try {
        return statSync(join(dir, path)).isFile();
      } catch {
        return false;
      }
    },
    readFile: (path) => {
      try {
        return readFileSync(join(dir, path), 'utf8');
      } catch {
        return undefined;
      }
    },
  };
}
