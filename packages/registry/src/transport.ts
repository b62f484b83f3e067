import { Authenticator, type AuthTarget } from './auth.js';
import { repositoryScope } from './challenge.js';
import type { CredentialProvider } from './credentials.js';
import { RegistryError } from './errors.js';
import type { InsecureHosts } from './insecure-hosts.js';
import { type RateLimit, readRateLimit } from './rate-limit.js';
import { canonicalHost, type RepositoryName } from './reference.js';
import { abortedError, DEFAULT_REQUEST_TIMEOUT_MS, RequestDeadline } from './request-deadline.js';
import { type ErrorContext, networkError, type StatusHints, statusError } from './response-errors.js';
import type { RetryPolicy } from './retry.js';

export interface TransportOptions {
  readonly fetch: typeof fetch;
  readonly credentials: CredentialProvider;
  readonly retry: RetryPolicy;
  readonly insecure: InsecureHosts;
  readonly userAgent: string;
  /** Milliseconds without progress before a request fails (see RequestDeadline). */
  readonly requestTimeoutMs?: number;
  /** Stops every request (and retry wait) when the run is interrupted. */
  readonly signal?: AbortSignal;
}

/** What fetch accepts as a request body. */
export type RequestBody = NonNullable<RequestInit['body']>;

/** A request body; called again for every attempt, so streams are opened fresh. */
export type BodySource = () => RequestBody | Promise<RequestBody>;

export interface RegistryRequest {
  readonly name: RepositoryName;
  /** For errors: `resolve 127.0.0.1:5000/acme/py:3.13`. */
  readonly operation: string;
  readonly method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Under `/v2/<repository>/` (`manifests/latest`), or an absolute or root-relative URL (`Location`, `Link`). */
  readonly path: string;
  /** Needs `pull,push` rather than `pull`. */
  readonly push?: boolean;
  /** More token scopes (a cross-repository mount needs pull on the source). */
  readonly extraScopes?: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: BodySource;
  /** Statuses returned to the caller; any other becomes a RegistryError. */
  readonly expect: readonly number[];
  readonly hints?: StatusHints;
}

/**
 * HTTP to registries: picks http or https per host, authenticates (Basic or Bearer tokens), retries
 * network errors, 5xx and 429 with backoff, records rate-limit headers, and turns unexpected
 * statuses into RegistryErrors.
 */
export class Transport {
  readonly auth: Authenticator;
  private readonly rateLimits = new Map<string, RateLimit>();

  constructor(private readonly options: TransportOptions) {
    this.auth = new Authenticator(options);
  }

  /** The retry policy, for operations that retry several requests together (a blob upload). */
  get retry(): RetryPolicy {
    return this.options.retry;
  }

  /** Sends with retries; resolves with a response whose status is one of `request.expect`. */
  request(request: RegistryRequest): Promise<Response> {
    return this.options.retry.run(() => this.send(request), this.options.signal);
  }

  /** One attempt (answering an auth challenge once); failures are RegistryErrors marked retryable or not. */
  async send(request: RegistryRequest): Promise<Response> {
    const url = this.url(request);
    const target = this.authTarget(request);
    let response = await this.fetchOnce(request, url, await this.auth.headerFor(target));
    if (response.status === 401) {
      const challenge = response.headers.get('www-authenticate');
      await discard(response);
      response = await this.fetchOnce(request, url, await this.auth.answer(target, challenge));
    }
    this.recordRateLimit(request.name.host, response);
    if (request.expect.includes(response.status)) return response;
    const refused =
      response.status === 401 || response.status === 403
        ? await this.auth.refusedHint(target, response.status)
        : undefined;
    throw await statusError(context(request), response, { ...request.hints, ...(refused ? { refused } : {}) });
  }

  /** The last rate limit the host reported, if it reports one (Docker Hub does). */
  rateLimit(host: string): RateLimit | undefined {
    return this.rateLimits.get(canonicalHost(host));
  }

  /** `http://127.0.0.1:5000` or `https://registry-1.docker.io`. */
  baseUrl(name: RepositoryName): string {
    return `${this.options.insecure.scheme(name.apiHost)}://${name.apiHost}`;
  }

  private url(request: RegistryRequest): URL {
    const { path, name } = request;
    if (/^https?:\/\//.test(path) || path.startsWith('/')) return new URL(path, this.baseUrl(name));
    return new URL(`/v2/${name.repository}/${path}`, this.baseUrl(name));
  }

  private authTarget(request: RegistryRequest): AuthTarget {
    const push = request.push ?? false;
    return {
      host: request.name.host,
      operation: request.operation,
      push,
      scopes: [repositoryScope(request.name.repository, push), ...(request.extraScopes ?? [])],
    };
  }

  private async fetchOnce(request: RegistryRequest, url: URL, authorization: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, ...request.headers };
    if (authorization) headers.authorization = authorization;
    const init: RequestInit & { duplex?: 'half' } = { method: request.method, headers, redirect: 'follow' };
    if (request.body) {
      init.body = await request.body();
      init.duplex = 'half';
    }
    const where = context(request);
    if (this.options.signal?.aborted) throw abortedError(where);
    const deadline = new RequestDeadline(
      this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      this.options.signal,
    );
    init.signal = deadline.signal;
    if (init.body instanceof ReadableStream) init.body = deadline.watch(init.body);
    try {
      return deadline.follow(await this.options.fetch(url, init), where);
    } catch (error) {
      deadline.clear();
      const failure = deadline.failure(where, error);
      if (failure !== error) throw failure;
      throw networkError(where, error, url.host, this.options.insecure.has(url.host));
    }
  }

  private recordRateLimit(host: string, response: Response): void {
    const limit = readRateLimit(response.headers);
    if (limit) this.rateLimits.set(canonicalHost(host), limit);
  }
}

/** Reads a body of at most `limit` bytes; a larger one is a RegistryError (`malformed`). */
export async function readBytes(response: Response, limit: number, where: ErrorContext): Promise<Uint8Array> {
  const declared = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  if (Number.isFinite(declared) && declared > limit) {
    await discard(response);
    throw tooLarge(where, declared, limit);
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > limit) throw tooLarge(where, bytes.length, limit);
  return bytes;
}

/** Lets go of a response body that is not needed, so the connection can be reused. */
export async function discard(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // the body is not needed; nothing to do when cancelling fails
  }
}

function tooLarge(where: ErrorContext, size: number, limit: number): RegistryError {
  return new RegistryError({
    ...where,
    kind: 'malformed',
    reason: `the registry sent ${size} bytes where at most ${limit} are expected`,
  });
}

function context(request: RegistryRequest): ErrorContext {
  return { host: request.name.host, operation: request.operation };
}
