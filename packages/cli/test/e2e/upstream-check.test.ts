import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { closedPort, type FakeServer, sendJson, startFakeServer } from '@catalog/registry/test/fake-server';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { pushUpstream } from '@catalog/registry/test/upstream-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workspace } from '../test-io.js';

/**
 * `catalog upstream check` and `update` against a real registry: an "upstream" base image is
 * pushed, locked, and changed under the same tag, on a platform we build or only on others.
 */
const skip = localRegistrySkipReason({ auth: 'htpasswd' });

function catalogYaml(host: string, upstream: string): string {
  return `registry: ${host}/acme
platforms: [linux/amd64]
images:
  base:
    kind: runtime
    from: ${upstream}/upstream/debian:trixie-slim
    versions: { "1.0": {} }
  app:
    kind: app
    from: base:1.0
    versions: { "1.0.0": {} }
  other:
    kind: runtime
    from: ${upstream}/upstream/alpine:3
    versions: { "1.0": {} }
`;
}

describe.skipIf(skip)(
  `upstream check against a real registry${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let registry: LocalRegistry;
    let dir: string;
    const client = () => new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    const lockText = () => readFileSync(join(dir, 'catalog.lock.yaml'), 'utf8');

    beforeAll(async () => {
      registry = await startLocalRegistry();
      await pushUpstream(client(), `${registry.host}/upstream/debian`, 'trixie-slim', {
        'linux/amd64': 'a1',
        'linux/arm64/v8': 'b1',
      });
      await pushUpstream(
        client(),
        `${registry.host}/upstream/alpine`,
        '3',
        { 'linux/amd64': 'alpine' },
        { index: false },
      );
      dir = workspace({ 'catalog.yaml': catalogYaml(registry.host, registry.host) });
    }, 60_000);
    afterAll(() => registry?.stop());

    it('without a lock every external parent is due; update writes the lock; then nothing is due', async () => {
      const first = await run(['upstream', 'check'], dir);
      expect(first.code, first.stderr).toBe(3);
      expect(first.stdout).toContain('unlocked');
      const update = await run(['upstream', 'update'], dir);
      expect(update.code, update.stderr).toBe(0);
      expect(update.stdout).toContain('2 upstreams, 2 updated');
      const text = lockText();
      expect(text.indexOf('upstream/alpine:3')).toBeLessThan(text.indexOf('upstream/debian:trixie-slim'));
      expect(text).toMatch(/linux\/amd64: sha256:[0-9a-f]{64}\n\s+linux\/arm64\/v8: sha256/);
      const again = await run(['upstream', 'check'], dir);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toContain('no rebuild due');
    });

    it('a change only on platforms we do not build (and a new architecture) triggers nothing', async () => {
      await pushUpstream(client(), `${registry.host}/upstream/debian`, 'trixie-slim', {
        'linux/amd64': 'a1',
        'linux/arm64/v8': 'b2',
        'linux/s390x': 'c1',
      });
      const result = await run(['upstream', 'check', '--json'], dir);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ rebuildsDue: false, selected: [] });
    });

    it('a new amd64 image under the same tag selects its subtree only, and leaves the lock alone', async () => {
      const before = lockText();
      const pushed = await pushUpstream(client(), `${registry.host}/upstream/debian`, 'trixie-slim', {
        'linux/amd64': 'a2',
        'linux/arm64/v8': 'b2',
      });
      const result = await run(['upstream', 'check', '--json'], dir);
      expect(result.code, result.stderr).toBe(3);
      const report = JSON.parse(result.stdout);
      const debian = report.upstreams.find((u: { ref: string }) => u.ref.endsWith('debian:trixie-slim'));
      expect(debian.status).toBe('changed');
      expect(debian.new.digest).toBe(pushed.digest);
      expect(debian.changedPlatforms).toEqual([
        { platform: 'linux/amd64', old: expect.stringMatching(/^sha256:/), new: pushed.platforms['linux/amd64'] },
      ]);
      expect(report.selected).toEqual([
        { id: 'base:1.0', reason: `upstream ${registry.host}/upstream/debian:trixie-slim changed (linux/amd64)` },
        { id: 'app:1.0.0', reason: 'parent base:1.0' },
      ]);
      expect(lockText()).toBe(before);
      const text = await run(['upstream', 'check'], dir);
      expect(text.stdout).toContain('2 nodes to rebuild');
      expect(text.stdout).toContain('catalog build --upstream-changed --push');
      expect((await run(['upstream', 'update'], dir)).code).toBe(0);
      expect(lockText()).toContain(pushed.digest);
      expect((await run(['upstream', 'check'], dir)).code).toBe(0);
    });

    it('a damaged lock is an error naming the file and the fix', async () => {
      const bad = workspace({
        'catalog.yaml': catalogYaml(registry.host, registry.host),
        'catalog.lock.yaml': 'version: 7\n',
      });
      const result = await run(['upstream', 'check'], bad);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('catalog.lock.yaml: version');
      expect(result.stderr).toContain('catalog upstream update');
    });

    describe('errors leave the lock untouched', () => {
      let fake: FakeServer;
      let mode: 'rate-limited' | 'malformed' = 'rate-limited';
      const LOCK = 'version: 1\nupstreams: {}\n';

      beforeAll(async () => {
        fake = await startFakeServer((request, response) => {
          if (request.url === '/v2/') return sendJson(response, 200, {});
          if (mode === 'rate-limited')
            return sendJson(
              response,
              429,
              { errors: [{ code: 'TOOMANYREQUESTS', message: 'slow down' }] },
              { 'retry-after': '0' },
            );
          if (request.method === 'HEAD') {
            response.writeHead(200, {
              'docker-content-digest': `sha256:${'e'.repeat(64)}`,
              'content-type': 'application/vnd.oci.image.index.v1+json',
              'content-length': '12',
            });
            return response.end();
          }
          return sendJson(response, 200, '{"not": "a manifest"', {
            'content-type': 'application/vnd.oci.image.index.v1+json',
          });
        });
      });
      afterAll(() => fake?.close());

      async function failing(upstreamHost: string, env: Record<string, string> = {}) {
        const ws = workspace({ 'catalog.yaml': catalogYaml(registry.host, upstreamHost), 'catalog.lock.yaml': LOCK });
        const check = await run(['upstream', 'check'], ws, env);
        const update = await run(['upstream', 'update'], ws, env);
        expect(readFileSync(join(ws, 'catalog.lock.yaml'), 'utf8')).toBe(LOCK);
        expect(update.code).toBe(1);
        return check;
      }

      it('an unreachable registry', async () => {
        const result = await failing(`127.0.0.1:${await closedPort()}`);
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(
          /cannot resolve 127\.0\.0\.1:\d+\/upstream\/(alpine|debian).*gave up after \d attempts/,
        );
      });

      it('429 after retries, and a malformed manifest', async () => {
        mode = 'rate-limited';
        const limited = await failing(fake.host);
        expect(limited.code).toBe(1);
        expect(limited.stderr).toMatch(/429/);
        mode = 'malformed';
        const malformed = await failing(fake.host);
        expect(malformed.code).toBe(1);
        expect(malformed.stderr).toMatch(/not valid JSON|digest mismatch/);
      });
    });

    describe('an upstream behind htpasswd auth', () => {
      let secured: LocalRegistry;
      beforeAll(async () => {
        secured = await startLocalRegistry({ auth: 'htpasswd' });
        const { username, password } = secured.credentials ?? { username: '', password: '' };
        const authed = new RegistryClient({
          env: {},
          credentials: staticCredentials({ [secured.host]: { username, password } }),
        });
        await pushUpstream(authed, `${secured.host}/upstream/debian`, 'trixie-slim', { 'linux/amd64': 'x' });
        await pushUpstream(authed, `${secured.host}/upstream/alpine`, '3', { 'linux/amd64': 'y' });
      }, 60_000);
      afterAll(() => secured?.stop());

      it('401 without credentials is a clear error; credentials from the environment work', async () => {
        const ws = workspace({ 'catalog.yaml': catalogYaml(registry.host, secured.host) });
        const denied = await run(['upstream', 'check'], ws, { HOME: ws });
        expect(denied.code).toBe(1);
        expect(denied.stderr).toMatch(/401|unauthorized|credentials/i);
        const { username, password } = secured.credentials ?? { username: '', password: '' };
        const env = { HOME: ws, CATALOG_REGISTRY_USERNAME: username, CATALOG_REGISTRY_PASSWORD: password };
        expect((await run(['upstream', 'update'], ws, env)).code).toBe(0);
        expect((await run(['upstream', 'check'], ws, env)).code).toBe(0);
      });
    });
  },
);
