import { CatalogToolError, ReportedFailure } from '@catalog/core';

/** A command stopped by Ctrl-C or SIGTERM before it finished (exit 130). */
export class InterruptedError extends CatalogToolError {
  readonly exitCode = 130;

  constructor() {
    super('interrupted', 'run the command again to finish the work');
  }
}

/** The signals that stop a command: a terminal's Ctrl-C, and what CI and process managers send. */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Runs a command's work with its abort signal: the first SIGINT or SIGTERM aborts it (registry
 * requests, retry waits and builders stop; the work reports and returns), a second one exits at
 * once with 130 (exit hooks still remove the lock and the builder's auth file). Work that fails or
 * returns after the signal ends as an InterruptedError (exit 130), unless it already reported
 * (a ReportedFailure keeps its own code), so nothing after an interrupt looks like success.
 */
export async function withCommandSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (): void => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  for (const name of STOP_SIGNALS) process.on(name, stop);
  try {
    const result = await work(controller.signal);
    if (controller.signal.aborted) throw new InterruptedError();
    return result;
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof ReportedFailure)) throw new InterruptedError();
    throw error;
  } finally {
    for (const name of STOP_SIGNALS) process.off(name, stop);
  }
}
