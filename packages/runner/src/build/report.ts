import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type BuildReport, parseBuildReport } from '@catalog/core';
import { writeFileAtomic } from '../atomic-file.js';

/** Writes a build report (see core's BuildReport: the contract every reader checks), never half of one. */
export async function writeReport(file: string, report: BuildReport): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
}

/**
 * Reads and checks a build report; undefined when the file does not exist. `shown` names the file
 * in errors (a damaged file, another schema version).
 */
export async function readReport(file: string, shown = file): Promise<BuildReport | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseBuildReport(text, shown);
}
