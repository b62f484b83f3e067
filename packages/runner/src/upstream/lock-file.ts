import { randomBytes } from 'node:crypto';
import { readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { formatLockFile, type LockFile, parseLockFile } from '@catalog/core';
import { UpstreamError } from './errors.js';

/** The lock file's content, and whether it exists (a missing lock is an empty one). */
export async function readLock(path: string, shown = basename(path)): Promise<{ lock: LockFile; exists: boolean }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { lock: { upstreams: {} }, exists: false };
    throw new UpstreamError(`cannot read ${shown}: ${(error as Error).message}`, 'check the file permissions');
  }
  return { lock: parseLockFile(text, shown), exists: true };
}

/** A temporary file left by a write that did not finish is stale after this long (a live write takes milliseconds). */
export const STALE_TEMPORARY_MS = 60_000;

/**
 * Removes `.<lock>.<hex>.tmp` files that a killed write left next to the lock, when older than
 * STALE_TEMPORARY_MS (a concurrent write's file is younger and stays).
 */
export async function removeStaleTemporaries(path: string, now: Date = new Date()): Promise<string[]> {
  const dir = dirname(path);
  const prefix = `.${basename(path)}.`;
  const pattern = /^[0-9a-f]+\.tmp$/;
  const removed: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !pattern.test(name.slice(prefix.length))) continue;
    const file = join(dir, name);
    const info = await stat(file).catch(() => undefined);
    if (!info || now.getTime() - info.mtimeMs < STALE_TEMPORARY_MS) continue;
    await rm(file, { force: true });
    removed.push(file);
  }
  return removed;
}

/**
 * Writes the lock atomically: a temporary file in the same folder, then a rename over the old
 * one, so a crash or a full disk never leaves a half-written lock. Temporary files a killed write
 * left behind are removed first (removeStaleTemporaries).
 */
export async function writeLock(path: string, lock: LockFile): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  await removeStaleTemporaries(path);
  try {
    await writeFile(temporary, formatLockFile(lock), { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new UpstreamError(
      `cannot write ${basename(path)}: ${(error as Error).message}`,
      'check the folder permissions',
    );
  }
}
