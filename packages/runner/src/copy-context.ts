import { cp, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isInside } from './catalog-paths.js';

/**
 * Copies the build context `from` (a real path) to `to`, keeping what `keep` accepts (it is asked
 * about every file, folder and link) and leaving out the folders in `skip` (real paths) that are
 * inside it: the output being written (a context `./` holds `out/`), the workspace, machine-local
 * settings. A missing context copies nothing.
 */
export async function copyContext(
  from: string,
  to: string,
  skip: readonly string[],
  keep: (source: string) => Promise<boolean>,
): Promise<void> {
  const inner = skip.filter((folder) => folder !== from && isInside(from, folder));
  if (inner.length === 0) {
    await cp(from, to, { recursive: true, filter: keep }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    return;
  }
  // Node's cp refuses a destination inside its source even with a filter: walk down to the skipped folders.
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    if (inner.includes(source) || !(await keep(source))) continue;
    if (entry.isDirectory() && inner.some((folder) => isInside(source, folder))) {
      await copyContext(source, join(to, entry.name), inner, keep);
    } else {
      await cp(source, join(to, entry.name), { recursive: true, filter: keep });
    }
  }
}
