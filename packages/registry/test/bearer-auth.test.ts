import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { type FakeServer, sendJson, startFakeServer } from './fake-server.js';

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [],
});
const DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A registry that wants `Bearer good-token` and a token realm on the same server. */
async function tokenRegistry(options: { tokenStatus?: number } = {}): Promise<FakeServer> {
  const started = await startFakeServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/token') {
      if (options.tokenStatus) return sendJson(response, options.tokenStatus, { details: 'nope' });
      return sendJson(response, 200, { token: 'good-token', expires_in: 300 });
    }
    if (request.headers.authorization !== 'Bearer good-token') {
      return sendJson(
        response,
        401,
        { errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] },
        {
          'www-authenticate': `Bearer realm="http://${started.host}/token",service="fake-registry",scope="repository:acme/app:pull"`,
        },
      );
    }
    response.writeHead(200, {
      'content-type': 'application/vnd.oci.image.index.v1+json',
      'content-length': Buffer.byteLength(MANIFEST),
      'docker-content-digest': DIGEST,
    });
    response.end(request.method === 'HEAD' ? undefined : MANIFEST);
  });
  server = started;
  return started;
}

const noSleep = vi.fn(async () => {});

describe('Bearer token auth', () => {
  it('fetches an anonymous token from the realm, retries with it, and reuses it', async () => {
    const fake = await tokenRegistry();
    const registry = new RegistryClient({ env: {}, credentials: staticCredentials({}), retry: { sleep: noSleep } });
    expect((await registry.resolve(`${fake.host}/acme/app:1.0`))?.digest).toBe(DIGEST);
    expect(fake.requests.map((r) => `${r.method} ${r.url.split('?')[0]}`)).toEqual([
      'HEAD /v2/acme/app/manifests/1.0',
      'GET /token',
      'HEAD /v2/acme/app/manifests/1.0',
    ]);
    const tokenUrl = new URL(fake.requests[1]?.url ?? '', 'http://x');
    expect(tokenUrl.searchParams.get('service')).toBe('fake-registry');
    expect(tokenUrl.searchParams.getAll('scope')).toEqual(['repository:acme/app:pull']);
    expect(fake.requests[1]?.headers.authorization).toBeUndefined();
    expect(fake.requests[2]?.headers.authorization).toBe('Bearer good-token');

    await registry.getManifest(`${fake.host}/acme/app:1.0`);
    expect(fake.requests).toHaveLength(4);
    expect(fake.requests[3]?.headers.authorization).toBe('Bearer good-token');
  });

  it('asks for a pull,push token to push', async () => {
    const fake = await tokenRegistry();
    const registry = new RegistryClient({ env: {}, credentials: staticCredentials({}), retry: { sleep: noSleep } });
    const bytes = new TextEncoder().encode(MANIFEST);
    const digest = await registry.putManifest(`${fake.host}/acme/app`, '1.0', {
      mediaType: 'application/vnd.oci.image.index.v1+json',
      bytes,
    });
    expect(digest).toBe(DIGEST);
    const tokenUrl = new URL(fake.requests[1]?.url ?? '', 'http://x');
    expect(tokenUrl.searchParams.getAll('scope')).toEqual([
      'repository:acme/app:pull',
      'repository:acme/app:pull,push',
    ]);
    expect(fake.requests[2]).toMatchObject({ method: 'PUT', headers: { authorization: 'Bearer good-token' } });
  });

  it('sends known credentials to the realm as Basic auth', async () => {
    const fake = await tokenRegistry();
    const credentials = staticCredentials({ [fake.host]: { username: 'ci', password: 's3cret' } });
    const registry = new RegistryClient({ env: {}, credentials, retry: { sleep: noSleep } });
    await registry.resolve(`${fake.host}/acme/app:1.0`);
    const expected = `Basic ${Buffer.from('ci:s3cret').toString('base64')}`;
    expect(fake.requests[1]?.headers.authorization).toBe(expected);
  });

  it('exchanges an identity token with a refresh_token grant (POST, form), as docker does', async () => {
    const fake = await tokenRegistry();
    const identity = { username: '<token>', password: '', identityToken: 'refresh-me', source: 'a helper' };
    const credentials = { locations: [], get: async () => identity };
    const bodies: string[] = [];
    const fetch: typeof globalThis.fetch = async (url, init) => {
      if (typeof init?.body === 'string') bodies.push(init.body);
      return globalThis.fetch(url, init);
    };
    const registry = new RegistryClient({ env: {}, credentials, fetch, retry: { sleep: noSleep } });
    expect((await registry.resolve(`${fake.host}/acme/app:1.0`))?.digest).toBe(DIGEST);
    expect(fake.requests[1]).toMatchObject({ method: 'POST', url: '/token' });
    expect(fake.requests[1]?.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(bodies[0]))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'refresh-me',
      client_id: 'catalog',
      service: 'fake-registry',
      scope: 'repository:acme/app:pull',
    });
    expect(fake.requests[2]?.headers.authorization).toBe('Bearer good-token');
  });

  it('refuses to send an identity token to a registry that asks for a password (Basic)', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 401, { errors: [] }, { 'www-authenticate': 'Basic realm="registry"' }),
    );
    const identity = { username: '<token>', password: '', identityToken: 'refresh-me', source: 'a helper' };
    const registry = new RegistryClient({
      env: {},
      credentials: { locations: [], get: async () => identity },
      retry: { sleep: noSleep },
    });
    const error = await registry.resolve(`${server.host}/acme/app:1.0`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'unauthorized' });
    expect((error as Error).message).toContain('identity token');
    expect(server.requests.every((r) => !String(r.headers.authorization ?? '').includes('refresh-me'))).toBe(true);
  });

  it('explains which credentials were refused, without showing them', async () => {
    const fake = await tokenRegistry({ tokenStatus: 401 });
    const credentials = staticCredentials({ [fake.host]: { username: 'ci', password: 's3cret' } });
    const registry = new RegistryClient({ env: {}, credentials, retry: { sleep: noSleep } });
    const error = (await registry.resolve(`${fake.host}/acme/app:1.0`).catch((e: unknown) => e)) as RegistryError;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, host: fake.host });
    expect(error.hint).toContain('the credentials given to the client');
    expect(error.hint).toContain('CATALOG_REGISTRY_USERNAME');
    expect(`${error.message} ${error.hint}`).not.toContain('s3cret');
  });

  it('asks for credentials when an anonymous token is refused, naming where it looked', async () => {
    const fake = await tokenRegistry({ tokenStatus: 401 });
    const registry = new RegistryClient({
      env: { HOME: '/nonexistent' },
      retry: { sleep: noSleep },
      credentials: {
        locations: ['CATALOG_REGISTRY_USERNAME/CATALOG_REGISTRY_PASSWORD', '/x/auth.json'],
        get: async () => undefined,
      },
    });
    const error = (await registry.resolve(`${fake.host}/acme/app:1.0`).catch((e: unknown) => e)) as RegistryError;
    expect(error.kind).toBe('unauthorized');
    expect(error.hint).toContain('no credentials');
    expect(error.hint).toContain('/x/auth.json');
  });
});
