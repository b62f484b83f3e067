import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { formatLockFile, type LockFile, parseLockFile } from '@catalog/core';
import { writeFileAtomic } from '../atomic-file.js';
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

export { STALE_TEMPORARY_MS } from '../atomic-file.js';

/**
 * Writes the lock atomically: a temporary file in the same folder, then a rename over the old
 * one, so a crash or a full disk never leaves a half-written lock. Temporary files a killed write
 * left behind are removed first (removeStaleTemporaries).
 */
export async function writeLock(path: string, lock: LockFile): Promise<void> {
  try {
    await writeFileAtomic(path, formatLockFile(lock));
  } catch (error) {
    throw new UpstreamError(
      `cannot write ${basename(path)}: ${(error as Error).message}`,
      'check the folder permissions',
    );
  }
}
