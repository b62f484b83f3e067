import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CatalogToolError } from '@catalog/core';

export class PublishLockedError extends CatalogToolError {
  readonly exitCode = 1;
}

interface PublishLockHolder {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
  readonly command: string;
  readonly repository: string;
}

export interface PublishLockOptions {
  /** The machine-wide folder of publish locks (`<cache>/locks`), shared by every clone on the machine. */
  readonly dir: string;
  /** Written into the lock, so a waiting run can name the holder. */
  readonly command: string;
  /** How long to wait for another publish of the same repository. Default 15 minutes. */
  readonly waitMs?: number;
  readonly pollMs?: number;
  /** Told when a stale lock (its process is gone) is taken over, and once when it starts waiting for a live holder. */
  readonly onWarning?: (message: string) => void;
  /** Aborting it (Ctrl-C, SIGTERM) stops the wait: the lock is not taken and `fn` does not run. */
  readonly signal?: AbortSignal;
}

const DEFAULT_WAIT_MS = 15 * 60_000;

/** The lock file of one repository (`<registry host>/<path>`): the same for every clone on the machine. */
export function publishLockFile(dir: string, repository: string): string {
  const slug = repository.replace(/[^A-Za-z0-9_.-]+/g, '_').slice(-60);
  const key = createHash('sha256').update(repository).digest('hex').slice(0, 12);
  return join(dir, `publish-${slug}-${key}.lock`);
}

/**
 * Runs `fn` as the only publisher of `repository` on this machine: the lock file is created
 * exclusively (O_EXCL) and names its holder (pid, host, command). Another holder is waited for
 * (saying so once, naming it; the run's signal ends the wait); one whose process no longer runs on
 * this host is taken over, with a warning naming it. The file goes when `fn` ends, and when the
 * process exits inside it (a second Ctrl-C exits at once).
 */
export async function withPublishLock<T>(
  repository: string,
  options: PublishLockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  await mkdir(options.dir, { recursive: true });
  const file = publishLockFile(options.dir, repository);
  const record: PublishLockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    command: options.command,
    repository,
  };
  const deadline = Date.now() + (options.waitMs ?? DEFAULT_WAIT_MS);
  let told = false;
  for (;;) {
    stopIfAborted(repository, options.signal);
    if (await tryCreate(file, record)) break;
    const current = await readHolder(file);
    if (current && current.host === record.host && !alive(current.pid)) {
      await rm(file, { force: true });
      options.onWarning?.(
        `took over the publish lock of ${repository} from ${describe(current)}: that process is gone`,
      );
      continue;
    }
    if (Date.now() >= deadline) {
      throw new PublishLockedError(
        `another publish of ${repository} is running: ${current ? describe(current) : 'holder unknown'}`,
        `wait for it to finish and rerun; if no publish is running, remove ${file}`,
      );
    }
    if (!told && current) {
      told = true;
      options.onWarning?.(`waiting for the publish lock of ${repository}: held by ${describe(current)}`);
    }
    await sleep(options.pollMs ?? 200, undefined, options.signal ? { signal: options.signal } : {}).catch(() => {});
  }
  const onExit = () => rmSync(file, { force: true });
  process.once('exit', onExit);
  try {
    return await fn();
  } finally {
    process.off('exit', onExit);
    await rm(file, { force: true });
  }
}

function stopIfAborted(repository: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw new PublishLockedError(
      `interrupted while waiting for the publish lock of ${repository}`,
      'run the build again to finish publishing',
    );
}

async function tryCreate(file: string, record: PublishLockHolder): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(record, null, 2)}\n`);
    await handle.datasync();
  } finally {
    await handle.close();
  }
  return true;
}

function describe(holder: PublishLockHolder): string {
  return `pid ${holder.pid} on ${holder.host} (${holder.command}, since ${holder.started})`;
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

/** undefined while the holder is still writing it, or when it is damaged. */
async function readHolder(file: string): Promise<PublishLockHolder | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as PublishLockHolder;
  } catch {
    return undefined;
  }
}
