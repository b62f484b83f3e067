import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { pushUpstream } from '@catalog/registry/test/upstream-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspace } from '../test-io.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';
import { digestOf, tagsOf } from './registry-api.js';

/**
 * The scheduled loop end to end with the real `catalog` command and buildah: an upstream base
 * image is locked and built on; the upstream pushes a new image under the same tag; `upstream
 * check` exits 3; `build --upstream-changed --push` rebuilds exactly that subtree, moves its
 * rolling tags, adds -r2 and leaves -r1 on the old digest; the lock and the ledger record it.
 */
const skip = e2eSkipReason(['/usr/bin/buildah']);

function catalogYaml(host: string): string {
  return `registry: ${host}/acme
labels: { prefix: io.e2e }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  base:
    kind: runtime
    template: images/layer/Dockerfile.hbs
    context: images/layer/
    from: ${host}/upstream/debian:trixie-slim
    versions: { "1.0": {} }
  app:
    kind: app
    template: images/layer/Dockerfile.hbs
    context: images/layer/
    from: base:1.0
    versions: { "1.0.0": {} }
  other:
    kind: runtime
    template: images/layer/Dockerfile.hbs
    context: images/layer/
    from: ${host}/upstream/alpine:3
    versions: { "1.0": {} }
`;
}

const TEMPLATE = `{{> base-image}}
FROM \${BASE_IMAGE}
COPY note.txt /notes/{{image.name}}.txt
{{> labels}}
`;

describe.skipIf(skip)(
  `build --upstream-changed --push with buildah${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 10 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let dir: string;
    const client = () => new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    const digest = (repo: string, tag: string) => digestOf(registry.url, `acme/${repo}`, tag);

    beforeAll(async () => {
      registry = await startLocalRegistry();
      await pushUpstream(client(), `${registry.host}/upstream/debian`, 'trixie-slim', {
        'linux/amd64': 'v1',
        'linux/arm64/v8': 'arm-v1',
      });
      await pushUpstream(client(), `${registry.host}/upstream/alpine`, '3', { 'linux/amd64': 'alpine' });
      dir = workspace({ 'catalog.yaml': catalogYaml(registry.host) });
      mkdirSync(join(dir, 'images/layer'), { recursive: true });
      writeFileSync(join(dir, 'images/layer/Dockerfile.hbs'), TEMPLATE);
      writeFileSync(join(dir, 'images/layer/note.txt'), 'built by the catalog\n');
      spawnSync('cp', ['-r', join(REPO, 'images/_partials'), join(dir, 'images/_partials')]);
    }, 60_000);
    afterAll(() => registry?.stop());

    it('locks, builds everything, then rebuilds only the subtree whose upstream changed', async () => {
      expect(runCatalog(dir, ['upstream', 'update']).code).toBe(0);
      const first = runCatalog(dir, ['build', '--push', '--no-test', '--jobs', '2']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      const r1 = {
        base: await digest('base', '1.0'),
        app: await digest('app', '1.0.0'),
        other: await digest('other', '1.0'),
      };
      expect(await tagsOf(registry.url, 'acme/base')).toEqual(['1', '1.0', '1.0-r1']);

      const nothing = runCatalog(dir, ['upstream', 'check', '--json']);
      expect(nothing.code, nothing.stderr).toBe(0);
      const idle = runCatalog(dir, ['build', '--upstream-changed', '--push', '--no-test']);
      expect(idle.code).toBe(0);
      expect(idle.stdout).toContain('nothing to rebuild');

      await pushUpstream(client(), `${registry.host}/upstream/debian`, 'trixie-slim', {
        'linux/amd64': 'v2',
        'linux/arm64/v8': 'arm-v1',
      });
      const lockBefore = readFileSync(join(dir, 'catalog.lock.yaml'), 'utf8');
      const check = runCatalog(dir, ['upstream', 'check', '--json']);
      expect(check.code).toBe(3);
      expect(JSON.parse(check.stdout).selected.map((n: { id: string }) => n.id)).toEqual(['base:1.0', 'app:1.0.0']);

      const rebuild = runCatalog(dir, [
        'build',
        '--upstream-changed',
        '--push',
        '--no-test',
        '--report',
        'report.json',
      ]);
      expect(rebuild.code, rebuild.stdout + rebuild.stderr).toBe(0);
      const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
      expect(report.nodes.map((n: { id: string; status: string }) => `${n.id} ${n.status}`)).toEqual([
        'base:1.0 built',
        'app:1.0.0 built',
      ]);
      expect(report.nodes.map((n: { selectedBy?: string }) => n.selectedBy)).toEqual([
        `upstream ${registry.host}/upstream/debian:trixie-slim changed (linux/amd64)`,
        'parent base:1.0',
      ]);

      expect(await tagsOf(registry.url, 'acme/base')).toEqual(['1', '1.0', '1.0-r1', '1.0-r2']);
      expect(await tagsOf(registry.url, 'acme/app')).toEqual(['1', '1.0', '1.0.0', '1.0.0-r1', '1.0.0-r2']);
      expect(await digest('base', '1.0-r1')).toBe(r1.base);
      expect(await digest('app', '1.0.0-r1')).toBe(r1.app);
      expect(await digest('base', '1.0')).not.toBe(r1.base);
      expect(await digest('base', '1.0')).toBe(await digest('base', '1.0-r2'));
      expect(await digest('app', '1')).toBe(await digest('app', '1.0.0-r2'));
      expect(await digest('other', '1.0')).toBe(r1.other);
      expect(await tagsOf(registry.url, 'acme/other')).toEqual(['1', '1.0', '1.0-r1']);

      expect(readFileSync(join(dir, 'catalog.lock.yaml'), 'utf8')).not.toBe(lockBefore);
      expect(runCatalog(dir, ['upstream', 'check']).code).toBe(0);
      const ledger = readFileSync(join(dir, 'out/publish-ledger.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(ledger).toContainEqual(
        expect.objectContaining({ id: 'base:1.0', tag: '1.0', digest: await digest('base', '1.0'), previous: r1.base }),
      );
    });
  },
);
