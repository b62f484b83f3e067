import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { processGone } from '@catalog/builders';

/** A temporary file without a pid in its name (older writers) is stale after this long. */
export const STALE_TEMPORARY_MS = 60_000;

/** `.<name>.<pid>-<hex>.tmp` next to `path`: named for this process, so a later run knows whose it is. */
export function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes the file atomically: a temporary file in the same folder, synced, then renamed over the
 * old one, so a kill or a full disk never leaves it half written. Temporary files that killed
 * writes left next to it are removed first (removeStaleTemporaries). `mode`: the new file's
 * permissions (e.g. the old file's, when rewriting it in place).
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  options: { readonly mode?: number } = {},
): Promise<void> {
  await removeStaleTemporaries(path);
  const temporary = temporaryFor(path);
  try {
    const handle = await open(temporary, 'wx');
    try {
      if (options.mode !== undefined) await handle.chmod(options.mode);
      await handle.writeFile(text);
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the temporary files of `path` (`.<name>.<pid>-<hex>.tmp`) whose process is gone, and
 * pid-less ones (`.<name>.<hex>.tmp`) older than STALE_TEMPORARY_MS. Files of live runs, and any
 * other file, stay. Returns the files removed.
 */
export async function removeStaleTemporaries(path: string, now: Date = new Date()): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!name.startsWith(prefix) || !(await stale(join(dir, name), name.slice(prefix.length), now))) continue;
    await rm(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

async function stale(file: string, rest: string, now: Date): Promise<boolean> {
  const named = /^(\d+)-[0-9a-f]+\.tmp$/.exec(rest);
  if (named) {
    const pid = Number(named[1]);
    return pid !== process.pid && processGone(pid);
  }
  if (!/^[0-9a-f]+\.tmp$/.test(rest)) return false;
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && now.getTime() - info.mtimeMs >= STALE_TEMPORARY_MS;
}
