import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/client.js';
import { RegistryError } from '../src/errors.js';

const servers: Server[] = [];

/** A local HTTP server whose handler decides what (not) to answer; closed after each test. */
async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

const noRetry = { attempts: 1 };

describe('registry request timeout', () => {
  it('fails a request the registry never answers, naming the host and the setting', async () => {
    const host = await serve(() => {});
    const client = new RegistryClient({ env: {}, retry: noRetry, requestTimeoutMs: 200 });
    const failure = await client.resolve(`${host}/acme/os:1`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).message).toContain(`${host} made no progress for 0.2 s (timeout)`);
    expect((failure as RegistryError).hint).toContain('CATALOG_REGISTRY_TIMEOUT');
  });

  it('counts a body that stalls after the headers', async () => {
    const host = await serve((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"name":');
    });
    const client = new RegistryClient({ env: {}, retry: noRetry, requestTimeoutMs: 200 });
    const failure = await client.listTags(`${host}/acme/os`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).message).toContain('(timeout)');
  });

  it('also times out a token service that never answers', async () => {
    let host = '';
    host = await serve((request, response) => {
      if (request.url?.startsWith('/token')) return;
      response.writeHead(401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="r"` });
      response.end();
    });
    const client = new RegistryClient({ env: {}, retry: noRetry, requestTimeoutMs: 200 });
    const failure = await client.resolve(`${host}/acme/os:1`).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RegistryError);
    expect((failure as RegistryError).message).toContain(`token from ${host}`);
    expect((failure as RegistryError).message).toContain('(timeout)');
  });

  it('stops at once, without retrying, when the run is interrupted', async () => {
    let requests = 0;
    const host = await serve(() => {
      requests++;
    });
    const controller = new AbortController();
    const client = new RegistryClient({ env: {}, signal: controller.signal, requestTimeoutMs: 60_000 });
    const pending = client.resolve(`${host}/acme/os:1`).catch((error: unknown) => error);
    while (requests === 0) await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    const failure = await pending;
    expect((failure as RegistryError).message).toContain('interrupted');
    expect(requests).toBe(1);
    await expect(client.resolve(`${host}/acme/os:1`)).rejects.toThrow('interrupted');
    expect(requests).toBe(1);
  });
});
