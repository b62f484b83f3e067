import { createHash } from 'node:crypto';
import { type FakeServer, sendJson, startFakeServer } from '@catalog/registry/test/fake-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workspace } from './test-io.js';

/**
 * `catalog upstream` against a registry with token auth (as Docker Hub and most hosted registries):
 * a 401 with a Bearer challenge, a token from the realm with the credentials of the environment,
 * then the manifests with that token.
 */
const sha = (text: string): string => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const AMD64 = sha('amd64 image');
const INDEX = JSON.stringify({
  schemaVersion: 2,
  mediaType: 'application/vnd.oci.image.index.v1+json',
  manifests: [
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: AMD64,
      size: 10,
      platform: { os: 'linux', architecture: 'amd64' },
    },
    {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha('arm'),
      size: 10,
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    },
  ],
});
const BASIC = `Basic ${Buffer.from('robot:s3cret').toString('base64')}`;

describe('upstream check with Bearer token auth', () => {
  let fake: FakeServer;
  let dir: string;

  beforeAll(async () => {
    fake = await startFakeServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/token') {
        if (request.headers.authorization !== BASIC) return sendJson(response, 401, { details: 'bad credentials' });
        return sendJson(response, 200, { token: `token-for-${url.searchParams.get('scope')}` });
      }
      if (request.headers.authorization !== 'Bearer token-for-repository:library/debian:pull') {
        const challenge = `Bearer realm="http://${fake.host}/token",service="fake",scope="repository:library/debian:pull"`;
        return sendJson(
          response,
          401,
          { errors: [{ code: 'UNAUTHORIZED', message: 'auth' }] },
          { 'www-authenticate': challenge },
        );
      }
      response.writeHead(200, {
        'content-type': 'application/vnd.oci.image.index.v1+json',
        'content-length': Buffer.byteLength(INDEX),
        'docker-content-digest': sha(INDEX),
        'ratelimit-limit': '100;w=21600',
        'ratelimit-remaining': '97;w=21600',
      });
      response.end(request.method === 'HEAD' ? undefined : INDEX);
    });
    dir = workspace({
      'catalog.yaml': `registry: 127.0.0.1:9/acme
images:
  base: { kind: runtime, from: "${fake.host}/library/debian:trixie-slim", versions: { "1.0": {} } }
`,
    });
  });
  afterAll(() => fake?.close());

  it('gets a token with the credentials of the environment, locks the digests and shows the rate limit', async () => {
    const env = { CATALOG_REGISTRY_USERNAME: 'robot', CATALOG_REGISTRY_PASSWORD: 's3cret', HOME: dir };
    const update = await run(['upstream', 'update'], dir, env);
    expect(update.code, update.stderr).toBe(0);
    const check = await run(['upstream', 'check'], dir, env);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stdout).toContain('(pulls left: 97/100)');
    const json = JSON.parse((await run(['upstream', 'check', '--json'], dir, env)).stdout);
    expect(json.upstreams[0].new).toEqual({
      digest: sha(INDEX),
      platforms: { 'linux/amd64': AMD64, 'linux/arm64/v8': sha('arm') },
    });
    expect(fake.requests.some((r) => r.url.startsWith('/token?'))).toBe(true);
  });

  it('refused credentials are a clear error that names the registry and never prints the password', async () => {
    const env = { CATALOG_REGISTRY_USERNAME: 'robot', CATALOG_REGISTRY_PASSWORD: 'wrong-password', HOME: dir };
    const result = await run(['upstream', 'check'], dir, env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(fake.host);
    expect(result.stderr).not.toContain('wrong-password');
    expect(result.stderr).toMatch(/token|credentials|refused|401/i);
  });
});
