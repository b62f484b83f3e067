/** Process groups still running, killed if this process exits first (detached children outlive it otherwise). */
const live = new Set<number>();
let exitHookInstalled = false;

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const pgid of live) killGroup(pgid, 'SIGKILL');
  });
}

export interface TrackedGroup {
  /** Whether the abort signal fired while the process ran. */
  aborted(): boolean;
  /** Stops watching (call when the process has ended). */
  release(): void;
}

/**
 * Watches the process group led by `pid`: when `signal` aborts, sends SIGTERM to the whole group,
 * then SIGKILL after `graceMs` if it is still running.
 */
export function trackGroup(pid: number | undefined, signal: AbortSignal | undefined, graceMs: number): TrackedGroup {
  let aborted = false;
  let timer: NodeJS.Timeout | undefined;
  if (pid === undefined) return { aborted: () => false, release: () => {} };
  installExitHook();
  live.add(pid);
  const onAbort = () => {
    aborted = true;
    killGroup(pid, 'SIGTERM');
    timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
    timer.unref();
  };
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  return {
    aborted: () => aborted,
    release: () => {
      live.delete(pid);
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    },
  };
}

/** Whether the process `pid` is gone (signal 0 only checks; EPERM means it runs as another user). */
export function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
