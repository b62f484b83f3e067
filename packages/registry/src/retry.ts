import { RegistryError } from './errors.js';

export interface RetryOptions {
  /** Attempts in total, the first included (default 4). */
  readonly attempts?: number;
  /** Delay before the second attempt; doubles for each further one (default 250 ms). */
  readonly baseDelayMs?: number;
  /** Upper bound of the exponential delay (default 8000 ms). */
  readonly maxDelayMs?: number;
  /** A longer `Retry-After` is not waited for: the error is raised at once (default 60000 ms). */
  readonly maxRetryAfterMs?: number;
  /** Waits `ms` milliseconds (inject a no-op in tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1) (default Math.random). */
  readonly random?: () => number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Bounded retries with exponential backoff and jitter, for network errors, 5xx and 429. */
export class RetryPolicy {
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(options: RetryOptions = {}) {
    this.attempts = Math.max(1, Math.floor(options.attempts ?? 4));
    this.baseDelayMs = Math.max(0, options.baseDelayMs ?? 250);
    this.maxDelayMs = Math.max(this.baseDelayMs, options.maxDelayMs ?? 8000);
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
    this.sleep = options.sleep ?? defaultSleep;
    this.random = options.random ?? Math.random;
  }

  /**
   * Runs `attempt` until it succeeds, throws an error that is not retryable, or the attempts run
   * out; then the last error is thrown with the number of attempts made. An aborted `signal` ends
   * the retries: the last error is thrown instead of waiting again.
   */
  async run<T>(attempt: (attemptNumber: number) => Promise<T>, signal?: AbortSignal): Promise<T> {
    for (let number = 1; ; number++) {
      try {
        return await attempt(number);
      } catch (error) {
        if (!(error instanceof RegistryError) || !error.retryable) throw error;
        const delay = this.delayAfter(number, error);
        if (number >= this.attempts || delay === undefined || signal?.aborted) throw error.withAttempts(number);
        await this.sleep(delay);
        if (signal?.aborted) throw error.withAttempts(number);
      }
    }
  }

  /** How long to wait after failed attempt `number`; undefined when the registry asks for too long. */
  delayAfter(number: number, error: RegistryError): number | undefined {
    if (error.retryAfterMs !== undefined) {
      return error.retryAfterMs <= this.maxRetryAfterMs ? error.retryAfterMs : undefined;
    }
    const exponential = Math.min(this.maxDelayMs, this.baseDelayMs * 2 ** (number - 1));
    return Math.round(exponential / 2 + (this.random() * exponential) / 2);
  }
}

/** `Retry-After` in milliseconds: delta seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number.parseInt(text, 10) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
