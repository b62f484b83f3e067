import { type Challenge, parseChallenges } from './challenge.js';
import { type CredentialProvider, type Credentials, PASSWORD_ENV, USERNAME_ENV } from './credentials.js';
import { RegistryError } from './errors.js';
import type { InsecureHosts } from './insecure-hosts.js';
import { canonicalHost } from './reference.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, RequestDeadline } from './request-deadline.js';
import { networkError, statusError } from './response-errors.js';

/** What a request needs access to. */
export interface AuthTarget {
  readonly host: string;
  readonly operation: string;
  /** Token scopes, e.g. `repository:acme/py:pull,push`. */
  readonly scopes: readonly string[];
  readonly push: boolean;
}

export interface AuthenticatorOptions {
  readonly fetch: typeof fetch;
  readonly credentials: CredentialProvider;
  readonly insecure: InsecureHosts;
  readonly userAgent: string;
  readonly now?: () => number;
  /** Milliseconds without progress before a token request fails (see RequestDeadline). */
  readonly requestTimeoutMs?: number;
  /** Interrupts token requests with the run. */
  readonly signal?: AbortSignal;
}

type HostScheme = { readonly kind: 'basic' } | { readonly kind: 'bearer'; readonly challenge: Challenge };

/**
 * Answers registry auth challenges: Basic with the host's credentials, Bearer with a token from
 * the challenge's realm (anonymous or with Basic credentials), cached per host and scope.
 * After the first challenge of a host, later requests send the right header up front.
 */
export class Authenticator {
  private readonly schemes = new Map<string, HostScheme>();
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();
  /** Token requests in flight, so that parallel requests (blob uploads) share one. */
  private readonly pendingTokens = new Map<string, Promise<TokenAnswer>>();
  private readonly credentialCache = new Map<string, Promise<Credentials | undefined>>();
  private readonly now: () => number;

  constructor(private readonly options: AuthenticatorOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The Authorization header to send before any challenge; undefined while the host's scheme is unknown. */
  async headerFor(target: AuthTarget): Promise<string | undefined> {
    const scheme = this.schemes.get(canonicalHost(target.host));
    if (!scheme) return undefined;
    if (scheme.kind === 'basic') return this.basicHeader(target);
    return this.bearerHeader(target, scheme.challenge);
  }

  /** After a 401: learns the host's scheme from `WWW-Authenticate` and returns the header to retry with. */
  async answer(target: AuthTarget, wwwAuthenticate: string | null): Promise<string> {
    const challenges = parseChallenges(wwwAuthenticate);
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
    const host = canonicalHost(target.host);
    if (bearer) {
      const { scope: _scope, ...hostParams } = bearer.params;
      this.schemes.set(host, { kind: 'bearer', challenge: { scheme: 'bearer', params: hostParams } });
      this.dropToken(target, bearer);
      return this.bearerHeader(target, bearer);
    }
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      this.schemes.set(host, { kind: 'basic' });
      return this.basicHeader(target);
    }
    throw new RegistryError({
      kind: 'unauthorized',
      host: target.host,
      operation: target.operation,
      status: 401,
      reason: `HTTP 401 with an unsupported authentication challenge (${challenges[0]?.scheme ?? 'none'})`,
      hint: 'this client speaks Basic and Bearer token auth, as the OCI distribution registries do',
    });
  }

  /** The hint for a refused request: which credentials were tried, where to set them. */
  async refusedHint(target: AuthTarget, status: number): Promise<string> {
    const credentials = await this.credentialsFor(target.host);
    const set = `set ${USERNAME_ENV} and ${PASSWORD_ENV}, or log in with \`skopeo login ${target.host}\``;
    if (!credentials) {
      const places = this.options.credentials.locations.join(', ');
      return `no credentials for ${target.host} were found (looked in ${places}); ${set} (or the repository does not exist)`;
    }
    const rights = target.push ? 'push to' : 'pull from';
    const what = status === 403 ? `are not allowed to ${rights} this repository` : 'were refused';
    return `the credentials for ${target.host} from ${credentials.source} ${what}; fix them there, or ${set}`;
  }

  /** The credentials for a host, asked once per client. */
  credentialsFor(host: string): Promise<Credentials | undefined> {
    const key = canonicalHost(host);
    let found = this.credentialCache.get(key);
    if (!found) {
      found = this.options.credentials.get(host);
      this.credentialCache.set(key, found);
    }
    return found;
  }

  private async basicHeader(target: AuthTarget): Promise<string> {
    const credentials = await this.credentialsFor(target.host);
    if (!credentials) {
      throw new RegistryError({
        kind: 'unauthorized',
        host: target.host,
        operation: target.operation,
        status: 401,
        reason: 'the registry asks for a username and password (HTTP 401)',
        hint: await this.refusedHint(target, 401),
      });
    }
    if (credentials.identityToken !== undefined) {
      throw new RegistryError({
        kind: 'unauthorized',
        host: target.host,
        operation: target.operation,
        status: 401,
        reason: `the credentials from ${credentials.source} are an identity token, which a registry asking for a password (Basic auth) does not take`,
        hint: `store a username and password for ${target.host} instead (\`docker login ${target.host}\`)`,
      });
    }
    return basicAuthorization(credentials);
  }

  private async bearerHeader(target: AuthTarget, challenge: Challenge): Promise<string> {
    const key = this.tokenKey(target, challenge);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return `Bearer ${cached.token}`;
    let pending = this.pendingTokens.get(key);
    if (!pending) {
      pending = this.fetchToken(target, challenge).finally(() => this.pendingTokens.delete(key));
      this.pendingTokens.set(key, pending);
    }
    const { token, expiresInSeconds } = await pending;
    this.tokens.set(key, { token, expiresAt: this.now() + expiresInSeconds * 900 });
    return `Bearer ${token}`;
  }

  private dropToken(target: AuthTarget, challenge: Challenge): void {
    this.tokens.delete(this.tokenKey(target, challenge));
  }

  private tokenKey(target: AuthTarget, challenge: Challenge): string {
    return `${canonicalHost(target.host)} ${this.scopes(target, challenge).join(' ')}`;
  }

  private scopes(target: AuthTarget, challenge: Challenge): string[] {
    const scopes = new Set(target.scopes);
    const asked = challenge.params.scope;
    if (asked) for (const scope of asked.split(' ')) if (scope) scopes.add(scope);
    return [...scopes].sort();
  }

  private async fetchToken(target: AuthTarget, challenge: Challenge): Promise<TokenAnswer> {
    const url = this.realmUrl(target, challenge);
    const credentials = await this.credentialsFor(target.host);
    const sendCredentials = credentials !== undefined && this.mayReceiveCredentials(url);
    const headers: Record<string, string> = { 'user-agent': this.options.userAgent, accept: 'application/json' };
    const { target: tokenUrl, ...init } = sendCredentials
      ? tokenRequest(url, credentials, headers)
      : { target: url, method: 'GET', headers };
    const context = { host: target.host, operation: `${target.operation} (token from ${url.host})` };
    let response: Response;
    const deadline = new RequestDeadline(
      this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      this.options.signal,
    );
    try {
      response = deadline.follow(await this.options.fetch(tokenUrl, { ...init, signal: deadline.signal }), context);
    } catch (error) {
      deadline.clear();
      const failure = deadline.failure(context, error);
      if (failure !== error) throw failure;
      throw networkError(context, error, url.host, this.options.insecure.has(url.host));
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new RegistryError({
        ...context,
        kind: 'unauthorized',
        status: response.status,
        reason: `the token service refused ${sendCredentials ? 'the credentials' : 'an anonymous token'} (HTTP ${response.status})`,
        hint: await this.refusedHint(target, response.status),
      });
    }
    if (!response.ok) throw await statusError(context, response);
    return readToken(response, context);
  }

  private realmUrl(target: AuthTarget, challenge: Challenge): URL {
    const url = new URL(challenge.params.realm ?? '');
    if (challenge.params.service) url.searchParams.set('service', challenge.params.service);
    for (const scope of this.scopes(target, challenge)) url.searchParams.append('scope', scope);
    return url;
  }

  /** Credentials go only over https, or to a host configured as plain-http. */
  private mayReceiveCredentials(url: URL): boolean {
    return url.protocol === 'https:' || this.options.insecure.has(url.host);
  }
}

function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * The token request with credentials: an identity token is exchanged as docker does (an OAuth2
 * `refresh_token` grant, POSTed as a form with the service and scopes), a password is sent as Basic.
 */
function tokenRequest(
  url: URL,
  credentials: Credentials,
  headers: Record<string, string>,
): RequestInit & { target: URL } {
  if (credentials.identityToken === undefined) {
    return { target: url, method: 'GET', headers: { ...headers, authorization: basicAuthorization(credentials) } };
  }
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: credentials.identityToken,
    client_id: 'catalog',
    service: url.searchParams.get('service') ?? '',
    scope: url.searchParams.getAll('scope').join(' '),
  });
  const contentType = 'application/x-www-form-urlencoded; charset=utf-8';
  const realm = new URL(url);
  realm.search = '';
  return { target: realm, method: 'POST', headers: { ...headers, 'content-type': contentType }, body: form.toString() };
}

interface TokenAnswer {
  readonly token: string;
  readonly expiresInSeconds: number;
}

async function readToken(response: Response, context: { host: string; operation: string }): Promise<TokenAnswer> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const token = typeof record.token === 'string' ? record.token : record.access_token;
  if (typeof token !== 'string' || token === '') {
    throw new RegistryError({
      ...context,
      kind: 'malformed',
      status: response.status,
      reason: 'the token service answered without a token',
    });
  }
  const expires = typeof record.expires_in === 'number' && record.expires_in > 0 ? record.expires_in : 60;
  return { token, expiresInSeconds: expires };
}
