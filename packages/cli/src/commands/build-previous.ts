import { relative } from 'node:path';
import type { BuildReport } from '@catalog/core';
import { readReport } from '@catalog/runner';

/**
 * The last run's report, whose durations order the queue; undefined when there is none. A damaged
 * one, or one of another schema version, is an error naming the file (remove it, or rebuild).
 */
export function readPreviousReport(file: string, cwd: string): Promise<BuildReport | undefined> {
  const shown = relative(cwd, file).startsWith('..') ? file : relative(cwd, file);
  return readReport(file, shown);
}
