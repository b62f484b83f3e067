import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { closedPort, type FakeServer, sendJson, startFakeServer } from './fake-server.js';

const MANIFEST = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'a'.repeat(64)}`, size: 2 },
  layers: [],
});
const MANIFEST_DIGEST = `sha256:${createHash('sha256').update(MANIFEST).digest('hex')}`;

function sendManifest(request: IncomingMessage, response: ServerResponse, headers: Record<string, string> = {}): void {
  response.writeHead(200, {
    'content-type': 'application/vnd.oci.image.manifest.v1+json',
    'content-length': Buffer.byteLength(MANIFEST),
    'docker-content-digest': MANIFEST_DIGEST,
    ...headers,
  });
  response.end(request.method === 'HEAD' ? undefined : MANIFEST);
}

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function client(
  sleep = vi.fn(async (_ms: number) => {}),
  options: ConstructorParameters<typeof RegistryClient>[0] = {},
) {
  return {
    sleep,
    client: new RegistryClient({ env: {}, credentials: staticCredentials({}), retry: { sleep }, ...options }),
  };
}

async function caught(promise: Promise<unknown>): Promise<RegistryError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RegistryError);
  return error as RegistryError;
}

describe('retries', () => {
  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    server = await startFakeServer((request, response, index) => {
      if (index === 0)
        sendJson(
          response,
          429,
          { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] },
          { 'retry-after': '2' },
        );
      else sendManifest(request, response);
    });
    const { client: registry, sleep } = client();
    const resolved = await registry.resolve(`${server.host}/acme/app:1.0`);
    expect(resolved).toEqual({
      digest: MANIFEST_DIGEST,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      size: MANIFEST.length,
    });
    expect(sleep.mock.calls).toEqual([[2000]]);
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
  });

  it('gives up on a 500 after the configured attempts, with exponential backoff', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 500, { errors: [{ code: 'UNKNOWN', message: 'boom' }] }),
    );
    const { client: registry, sleep } = client();
    const error = await caught(registry.getManifest(`${server.host}/acme/app:1.0`));
    expect(error).toMatchObject({ kind: 'server', status: 500, attempts: 4, host: server.host, exitCode: 1 });
    expect(error.message).toContain('HTTP 500 UNKNOWN: boom');
    expect(error.message).toContain('after 4 attempts');
    expect(server.requests).toHaveLength(4);
    const delays = sleep.mock.calls.map(([ms]) => ms);
    expect(delays).toHaveLength(3);
    [250, 500, 1000].forEach((full, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(full / 2);
      expect(delays[i]).toBeLessThanOrEqual(full);
    });
  });

  it('honours a custom number of attempts', async () => {
    server = await startFakeServer((_request, response) => sendJson(response, 503, {}));
    const { client: registry, sleep } = client(undefined, { retry: { attempts: 2, sleep: vi.fn(async () => {}) } });
    const error = await caught(registry.resolve(`${server.host}/acme/app:1.0`));
    expect(error.attempts).toBe(2);
    expect(server.requests).toHaveLength(2);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('does not retry a 400', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 400, { errors: [{ code: 'NAME_INVALID' }] }),
    );
    const { client: registry, sleep } = client();
    const error = await caught(registry.getManifest(`${server.host}/acme/app:1.0`));
    expect(error).toMatchObject({ kind: 'rejected', status: 400, code: 'NAME_INVALID', attempts: undefined });
    expect(server.requests).toHaveLength(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('reports an unreachable registry with a hint, after the bounded retries', async () => {
    const port = await closedPort();
    const { client: registry, sleep } = client();
    const error = await caught(registry.resolve(`127.0.0.1:${port}/acme/app:1.0`));
    expect(error).toMatchObject({ kind: 'unreachable', host: `127.0.0.1:${port}`, attempts: 4, status: undefined });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.hint).toContain('is the registry running?');
    expect(error.hint).toContain('tools/registry.sh start');
    expect(sleep).toHaveBeenCalledTimes(3);
  });
});

describe('answers', () => {
  it('returns undefined for a missing tag, and a not-found error with a hint from getManifest', async () => {
    server = await startFakeServer((_request, response) =>
      sendJson(response, 404, { errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }),
    );
    const { client: registry } = client();
    expect(await registry.resolve(`${server.host}/acme/app:nope`)).toBeUndefined();
    const error = await caught(registry.getManifest(`${server.host}/acme/app:nope`));
    expect(error).toMatchObject({ kind: 'not-found', status: 404 });
    expect(error.hint).toContain('no such tag');
  });

  it('falls back to GET and hashes the body when HEAD has no Docker-Content-Digest', async () => {
    server = await startFakeServer((request, response) =>
      sendManifest(request, response, { 'docker-content-digest': '' }),
    );
    const { client: registry } = client();
    const resolved = await registry.resolve(`${server.host}/acme/app:1.0`);
    expect(resolved?.digest).toBe(MANIFEST_DIGEST);
    expect(server.requests.map((r) => r.method)).toEqual(['HEAD', 'GET']);
    expect(server.requests[0]?.headers.accept).toContain('application/vnd.oci.image.index.v1+json');
    expect(server.requests[0]?.headers.accept).toContain('application/vnd.docker.distribution.manifest.v2+json');
  });

  it('rejects malformed manifest JSON clearly', async () => {
    server = await startFakeServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' });
      response.end('{"schemaVersion": 2, "config": ');
    });
    const { client: registry } = client();
    const error = await caught(registry.getManifest(`${server.host}/acme/app:1.0`));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/get manifest .*acme\/app:1.0: the manifest is not valid JSON/);
  });

  it('rejects a manifest whose body does not hash to the digest asked for', async () => {
    server = await startFakeServer((request, response) =>
      sendManifest(request, response, { 'docker-content-digest': '' }),
    );
    const { client: registry } = client();
    const wrong = `sha256:${'b'.repeat(64)}`;
    const error = await caught(registry.getManifest(`${server.host}/acme/app@${wrong}`));
    expect(error.kind).toBe('digest-mismatch');
    expect(error.message).toContain(`expected ${wrong}, got ${MANIFEST_DIGEST}`);
  });

  it('rejects a manifest whose body does not hash to the announced digest', async () => {
    server = await startFakeServer((request, response) =>
      sendManifest(request, response, { 'docker-content-digest': `sha256:${'c'.repeat(64)}` }),
    );
    const { client: registry } = client();
    const error = await caught(registry.getManifest(`${server.host}/acme/app:1.0`));
    expect(error.kind).toBe('digest-mismatch');
  });

  it('records the rate limit the registry reports', async () => {
    server = await startFakeServer((request, response) =>
      sendManifest(request, response, {
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '76;w=21600',
        'docker-ratelimit-source': '192.0.2.1',
      }),
    );
    const { client: registry } = client();
    expect(registry.rateLimit(server.host)).toBeUndefined();
    await registry.resolve(`${server.host}/acme/app:1.0`);
    expect(registry.rateLimit(server.host)).toEqual({
      limit: 100,
      remaining: 76,
      windowSeconds: 21600,
      source: '192.0.2.1',
    });
  });

  it('follows Link pagination of the tag list', async () => {
    server = await startFakeServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.searchParams.get('last') === 'b') return sendJson(response, 200, { name: 'acme/app', tags: ['c'] });
      sendJson(
        response,
        200,
        { name: 'acme/app', tags: ['a', 'b'] },
        { link: '</v2/acme/app/tags/list?last=b&n=2>; rel="next"' },
      );
    });
    const { client: registry } = client();
    expect(await registry.listTags(`${server.host}/acme/app`)).toEqual(['a', 'b', 'c']);
    expect(server.requests.map((r) => r.url)).toEqual(['/v2/acme/app/tags/list', '/v2/acme/app/tags/list?last=b&n=2']);
  });
});

describe('Docker Hub references', () => {
  it('speaks https to registry-1.docker.io with the library/ prefix', async () => {
    const urls: string[] = [];
    const fetch = vi.fn(async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response(null, { status: 404 });
    }) as unknown as typeof globalThis.fetch;
    const registry = new RegistryClient({ fetch, env: {}, credentials: staticCredentials({}) });
    expect(await registry.resolve('debian:13')).toBeUndefined();
    expect(await registry.resolve(`docker.io/acme/tool@sha256:${'d'.repeat(64)}`)).toBeUndefined();
    expect(urls).toEqual([
      'https://registry-1.docker.io/v2/library/debian/manifests/13',
      `https://registry-1.docker.io/v2/acme/tool/manifests/sha256:${'d'.repeat(64)}`,
    ]);
  });
});
