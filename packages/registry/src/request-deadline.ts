import { RegistryError } from './errors.js';

/** The host and the operation, for errors. */
export interface ErrorContext {
  readonly host: string;
  readonly operation: string;
}

/** The default per-request timeout: no progress (no answer, no body bytes) for this long fails the request. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 60_000;
/** Seconds without progress before a registry request fails (default 60). */
export const REQUEST_TIMEOUT_ENV = 'CATALOG_REGISTRY_TIMEOUT';

/** The timeout from `CATALOG_REGISTRY_TIMEOUT` (seconds), else the default. */
export function requestTimeoutFrom(env: Readonly<Record<string, string | undefined>>): number {
  const seconds = Number(env[REQUEST_TIMEOUT_ENV]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : DEFAULT_REQUEST_TIMEOUT_MS;
}

const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * One request's idle deadline: fails the request when neither the upload, the answer nor the
 * answer's body makes progress for `ms` milliseconds (a stalled body counts), and aborts with the
 * run's signal. Every chunk sent or received starts the wait again.
 */
export class RequestDeadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private expired = false;
  readonly signal: AbortSignal;

  constructor(
    readonly ms: number,
    outer?: AbortSignal,
  ) {
    this.signal = outer ? AbortSignal.any([this.controller.signal, outer]) : this.controller.signal;
    this.reset();
  }

  /** Whether the deadline (not the run's signal) ended the request. */
  get timedOut(): boolean {
    return this.expired;
  }

  /** Progress: the wait starts again. */
  reset(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new Error(`no progress for ${this.ms} ms`));
    }, this.ms);
    this.timer.unref();
  }

  /** The request is over. */
  clear(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
  }

  /** A stream that counts every chunk as progress. */
  watch(stream: ReadableStream<Uint8Array>, onEnd?: () => void): ReadableStream<Uint8Array> {
    return stream.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform: (chunk, controller) => {
          this.reset();
          controller.enqueue(chunk);
        },
        flush: () => onEnd?.(),
      }),
    );
  }

  /**
   * The response, its body watched: every chunk is progress, a stall fails the read with the
   * timeout error; the deadline ends with the body (at once without one).
   */
  follow(response: Response, context: ErrorContext): Response {
    if (response.body === null || NULL_BODY_STATUSES.has(response.status)) {
      this.clear();
      return response;
    }
    const reader = response.body.getReader();
    const body = new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const { done, value } = await reader.read();
          if (done) {
            this.clear();
            controller.close();
          } else {
            this.reset();
            controller.enqueue(value);
          }
        } catch (error) {
          this.clear();
          controller.error(this.failure(context, error));
        }
      },
      cancel: async (reason) => {
        this.clear();
        await reader.cancel(reason);
      },
    });
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  }

  /** What a failed fetch or read becomes: the timeout error, the interrupt error, or the error itself. */
  failure(context: ErrorContext, error: unknown): unknown {
    if (this.expired) return this.timeoutError(context, error);
    if (this.signal.aborted) return abortedError(context);
    return error;
  }

  /** The error for a request the deadline ended: names the host and the setting to raise. */
  timeoutError(context: ErrorContext, cause: unknown): RegistryError {
    return new RegistryError({
      ...context,
      kind: 'unreachable',
      reason: `${context.host} made no progress for ${this.ms / 1000} s (timeout)`,
      hint: `check the registry and the network, or raise ${REQUEST_TIMEOUT_ENV} (seconds, now ${this.ms / 1000})`,
      retryable: true,
      cause,
    });
  }
}

/** An operation stopped because the run was interrupted (Ctrl-C, SIGTERM); never retried. */
export function abortedError(context: ErrorContext): RegistryError {
  return new RegistryError({
    ...context,
    kind: 'unreachable',
    reason: 'interrupted',
    hint: 'run the command again to finish the work',
    retryable: false,
  });
}
