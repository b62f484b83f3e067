import { readFile } from 'node:fs/promises';
import type { BuildReport } from '@catalog/runner';

/** The last run's report, whose durations order the queue; undefined when there is none or it is unreadable. */
export async function readPreviousReport(file: string): Promise<BuildReport | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as BuildReport;
  } catch {
    return undefined;
  }
}
