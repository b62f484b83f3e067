import type { BuildQueue, CatalogNode, SkippedNode } from '@catalog/core';

export interface RunQueueOptions {
  /** How many nodes run at once. */
  readonly jobs: number;
  /** Stop starting nodes after the first failure and abort the running ones. */
  readonly failFast?: boolean;
  /** Aborting it (SIGINT, SIGTERM) stops running work and starts nothing more. */
  readonly signal?: AbortSignal;
  /** Does one node's work; resolves true on success. Receives a signal that aborts on cancel. */
  readonly run: (node: CatalogNode, signal: AbortSignal) => Promise<boolean>;
  readonly onSkip?: (skipped: readonly SkippedNode[]) => void;
}

/**
 * Runs a build queue with bounded concurrency: whenever a slot is free, the queue's best ready
 * node starts. Resolves when every node has succeeded, failed or been skipped.
 */
export async function runQueue(queue: BuildQueue, options: RunQueueOptions): Promise<void> {
  const jobs = Math.max(1, Math.floor(options.jobs));
  const stop = new AbortController();
  const running = new Map<string, Promise<void>>();
  // Mark first, then report: `onSkip?.(queue.cancel())` would skip the call when onSkip is absent.
  const report = (skipped: readonly SkippedNode[]): void => options.onSkip?.(skipped);
  const cancel = (reason: string): void => {
    report(queue.cancel(reason));
    stop.abort(reason);
  };
  const onAbort = (): void => cancel('interrupted');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  if (options.signal?.aborted) cancel('interrupted');
  try {
    for (;;) {
      while (!stop.signal.aborted && running.size < jobs) {
        const node = queue.next();
        if (!node) break;
        running.set(node.id, settle(node));
      }
      if (running.size === 0) break;
      await Promise.race(running.values());
    }
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }

  async function settle(node: CatalogNode): Promise<void> {
    let ok = false;
    try {
      ok = await options.run(node, stop.signal);
    } catch {
      ok = false;
    }
    running.delete(node.id);
    if (ok) return queue.succeed(node.id);
    report(queue.fail(node.id));
    if (options.failFast && !stop.signal.aborted) cancel(`stopped after ${node.id} failed (--fail-fast)`);
  }
}
