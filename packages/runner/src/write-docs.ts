import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import type { DocsFile } from '@catalog/core';

/** The list of files the last `catalog docs` wrote into a folder, so the next run removes only those. */
export const DOCS_WRITTEN_LIST = '.catalog-docs-files';

/**
 * Writes the docs site's files, and removes the pages an earlier run wrote that are gone now (an
 * image removed from the catalog). Nothing else in the folder is touched, so `--out` may point anywhere.
 */
export async function writeDocsSite(out: string, files: readonly DocsFile[]): Promise<void> {
  const current = new Set(files.map((f) => f.path));
  const previous = await readFile(join(out, DOCS_WRITTEN_LIST), 'utf8').then(
    (text) => text.split('\n').filter(Boolean),
    () => [],
  );
  for (const path of previous) {
    const safe = !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
    if (safe && !current.has(path)) await rm(join(out, path), { force: true });
  }
  for (const file of files) {
    const path = join(out, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  await writeFile(join(out, DOCS_WRITTEN_LIST), `${[...current].join('\n')}\n`);
}
