import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { CatalogToolError } from '@catalog/core';

export class LockedError extends CatalogToolError {
  readonly exitCode = 1;
}

export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly command: string;
  readonly registry: string;
}

export interface RunLock {
  readonly file: string;
  /** The holder of a stale lock this run took over (its process is gone); undefined when none. */
  readonly takenOver?: LockHolder;
  release(): Promise<void>;
}

/** The warning for a stale lock taken over: names the old holder (pid, command, start time). */
export function staleLockWarning(file: string, old: LockHolder): string {
  return `took over the stale build lock ${file} of pid ${old.pid} on ${old.host} (${old.command}, since ${old.started}), which is no longer running`;
}

/** Whether a process with this pid is alive on this host (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One build run at a time per workspace and registry. The lock is a file created exclusively in
 * the workspace's output folder; a lock left by a process that no longer runs on this host is
 * taken over.
 */
export async function acquireRunLock(
  dir: string,
  holder: Omit<LockHolder, 'pid' | 'host'>,
  now: Date,
): Promise<RunLock> {
  await mkdir(dir, { recursive: true });
  const key = createHash('sha256').update(holder.registry).digest('hex').slice(0, 12);
  const file = join(dir, `build-${key}.lock`);
  const record: LockHolder = {
    pid: process.pid,
    host: hostname(),
    ...holder,
    started: holder.started || now.toISOString(),
  };
  let takenOver: LockHolder | undefined;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx');
      await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
      await handle.close();
      // A process that exits without releasing (a second Ctrl-C) still removes its lock.
      const onExit = () => rmSync(file, { force: true });
      process.once('exit', onExit);
      const release = async () => {
        process.off('exit', onExit);
        await rm(file, { force: true });
      };
      return { file, ...(takenOver ? { takenOver } : {}), release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const current = await readHolder(file);
      if (current && current.host === record.host && !alive(current.pid)) {
        await rm(file, { force: true });
        takenOver = current;
        continue;
      }
      const who = current
        ? `pid ${current.pid} on ${current.host} (${current.command}, since ${current.started})`
        : 'another run';
      throw new LockedError(
        `another build for ${holder.registry} is running: ${who}`,
        `wait for it to finish; if it is gone, remove ${file}`,
      );
    }
  }
  throw new LockedError(`could not take the build lock ${file}`, `remove ${file} if no build is running`);
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as LockHolder;
  } catch {
    return undefined;
  }
}
