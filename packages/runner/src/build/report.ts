import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BuildReport, CatalogToolError, parseBuildReport, type ReportFile } from '@catalog/core';
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

/**
 * The build reports at these paths, for `catalog publish`: each file, and every `*.json` file in
 * each folder and its subfolders (sorted, so the order never depends on the file system). A path
 * that does not exist, or a folder with no report, is an error naming it.
 */
export async function readReports(paths: readonly string[], shown: (file: string) => string): Promise<ReportFile[]> {
  const files: string[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined);
    if (!info) throw new ReportPathError(`no such file or folder: ${shown(path)}`, HINT);
    if (!info.isDirectory()) {
      files.push(path);
      continue;
    }
    const found = (await readdir(path, { recursive: true, withFileTypes: true }))
      .filter((entry) => entry.isFile() && entry.name.endsWith('.json'))
      .map((entry) => join(entry.parentPath, entry.name))
      .sort();
    if (found.length === 0) throw new ReportPathError(`${shown(path)} holds no build report (*.json)`, HINT);
    files.push(...found);
  }
  const reports: ReportFile[] = [];
  for (const file of files) {
    const report = await readReport(file, shown(file));
    if (report) reports.push({ file: shown(file), report });
  }
  return reports;
}

const HINT = 'pass the files `catalog build --push --no-publish --report FILE` wrote, or the folder holding them';

export class ReportPathError extends CatalogToolError {
  readonly exitCode = 1;
}
