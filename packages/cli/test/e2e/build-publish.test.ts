import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildAppImage, removeImage, runInImage } from './app-image.js';
import { e2eSkipReason, fixtureCatalog, fixtureWorkspace, runCatalog } from './fixture.js';
import { allTagsOf, digestOf, labelsOf, tagsOf } from './registry-api.js';

/**
 * End to end, as a user runs it: the real `catalog` command builds a small chain with buildah
 * (vfs, chroot), pushes it to a real registry on 127.0.0.1, and the registry's HTTP API shows the
 * result. Needs buildah, debootstrap and docker-registry (`.ci/run` installs them); without them
 * the suite is skipped, unless CATALOG_REQUIRE_E2E=1 makes that an error.
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);

interface Report {
  nodes: { id: string; status: string; digest?: string; tags: string[]; reason?: string; supply?: object }[];
  summary: Record<string, number>;
}

describe.skipIf(skip)(
  `build and publish with buildah to a real registry${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 30 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    let namespace: string;
    const report = (): Report => JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
    const node = (r: Report, id: string) => r.nodes.find((n) => n.id === id);

    beforeAll(async () => {
      registry = await startLocalRegistry();
      namespace = `${registry.host}/e2e`;
      workspace = fixtureWorkspace(namespace);
    });
    afterAll(() => registry?.stop());

    it('--dry-run prints the builder commands in graph order without running them', () => {
      const result = runCatalog(workspace, ['build', '--push', '--dry-run']);
      expect(result.code).toBe(0);
      const builds = result.stdout.split('\n').filter((line) => line.includes(' build '));
      // Local names carry the workspace's hash: two clones building at once never collide.
      const local = /--tag localhost\/catalog-[0-9a-f]{8}\/(\S+)/;
      expect(builds.map((line) => local.exec(line)?.[1])).toEqual([
        'os:13',
        'runtime:1.0',
        'runtime:2.0',
        'app:1.0.0',
        'tool:1.0.0',
      ]);
      expect(builds[1]).toContain(`--build-arg 'BASE_IMAGE=${namespace}/os@<digest of os:13>'`);
    });

    it('builds the chain, pushes it and tags every node; labels carry the lineage', async () => {
      const result = runCatalog(workspace, ['build', '--push', '--jobs', '2', '--report', 'report.json']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const r = report();
      expect(r.summary).toMatchObject({ built: 5, failed: 0, skipped: 0 });
      expect(await tagsOf(registry.url, 'e2e/runtime')).toEqual(['1', '1.0', '1.0-r1', '2', '2.0', '2.0-r1']);
      expect(await tagsOf(registry.url, 'e2e/app')).toEqual(['1', '1.0', '1.0.0', '1.0.0-r1']);
      for (const [repository, tag, id] of [
        ['e2e/os', '13', 'os:13'],
        ['e2e/runtime', '1.0', 'runtime:1.0'],
        ['e2e/app', '1.0.0', 'app:1.0.0'],
      ] as const) {
        expect(await digestOf(registry.url, repository, tag)).toBe(node(r, id)?.digest);
      }
      const labels = await labelsOf(registry.url, 'e2e/app', '1.0.0');
      expect(labels['org.opencontainers.image.base.digest']).toBe(node(r, 'runtime:1.0')?.digest);
      expect(labels['org.opencontainers.image.base.name']).toBe(`${namespace}/runtime:1.0`);
      expect(labels['org.opencontainers.image.version']).toBe('1.0.0');
      expect(labels['io.e2e.parent']).toBe('runtime:1.0');
      expect(labels['io.e2e.input-hash']).toMatch(/^sha256:[0-9a-f]{64}$/);
      // Each pushed image's SBOM (read by `catalog upstream check`) and provenance are stored next
      // to it, and it is signed with both attached as signed attestations (a generated key).
      const osDigest = (node(r, 'os:13')?.digest ?? '').replace(':', '-');
      expect(await allTagsOf(registry.url, 'e2e/os')).toEqual(
        expect.arrayContaining(['sbom', 'provenance', 'sig', 'att'].map((kind) => `${osDigest}.${kind}`)),
      );
      expect(node(r, 'app:1.0.0')).toMatchObject({ supply: { signed: true, signing: 'key' } });
      expect(result.stderr).toMatch(/catalog: (no signing key configured|signing with the generated key)/);
      expect(result.stderr).toContain(`verify with: catalog verify ${namespace}/<image>:<tag>`);
      const verified = runCatalog(workspace, ['verify', `${namespace}/app:1.0.0`]);
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/ok +sbom +CycloneDX, valid, \d+ packages/);
    });

    it('a rebuild with nothing changed builds nothing and moves no tag', async () => {
      const before = await digestOf(registry.url, 'e2e/runtime', '2');
      const result = runCatalog(workspace, ['build', '--push', '--report', 'report.json']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(report().summary).toMatchObject({ built: 0, 'up-to-date': 5 });
      expect(await digestOf(registry.url, 'e2e/runtime', '2')).toBe(before);
      expect(await tagsOf(registry.url, 'e2e/runtime')).toEqual(['1', '1.0', '1.0-r1', '2', '2.0', '2.0-r1']);
    });

    it('init-app scaffolds an app FROM a published image that lints clean, builds from the registry and runs', () => {
      const apps = tempDir('catalog-e2e-app-');
      const dir = join(apps, 'shop');
      const created = runCatalog(workspace, ['init-app', 'shop', '--from', 'runtime:1.0', '--dir', dir]);
      expect(created.code, created.stderr).toBe(0);
      // Pinned to the -rN build the rolling tag names now (catalog outdated bumps it).
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(`\nFROM ${namespace}/runtime:1.0-r1\n`);
      const lint = runCatalog(dir, ['lint', 'Dockerfile']);
      expect(lint.stdout).toBe('0 findings (0 errors)\n');
      expect(lint.code).toBe(0);
      // A name of this run's own: other checkouts may run this suite on the same storage at once.
      const image = `localhost/e2e-init-app-${basename(apps).toLowerCase()}/shop:test`;
      try {
        const built = buildAppImage(dir, image);
        expect(built.code, built.stdout + built.stderr).toBe(0);
        expect(runInImage(image, ['/home/app/shop/app.sh']).stdout).toBe('Hello from shop!\n');
        expect(runInImage(image, ['id', '-u']).stdout.trim()).toBe('10001');
        expect(runInImage(image, ['jq', '--version']).stdout).toContain('jq-');
      } finally {
        removeImage(image);
      }
    });

    it('docs --from-registry shows what the registry holds: digests, -rN tags, sizes, labels', async () => {
      const result = runCatalog(workspace, ['docs', '--from-registry', '--out', 'site', '--json']);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        images: 4,
        built: 5,
        stateSource: expect.stringContaining(`registry ${namespace}`),
      });
      const runtime = readFileSync(join(workspace, 'site/images/runtime.html'), 'utf8');
      expect(runtime).toContain(`<code>${await digestOf(registry.url, 'e2e/runtime', '1.0')}</code>`);
      expect(runtime).toContain('<code>1.0-r1</code>');
      expect(runtime).toMatch(/<th>Size<\/th><td>[\d.]+ MB<\/td>/);
      expect(runtime).toContain('<code>io.e2e.input-hash</code>');
    });

    it('a failing middle node leaves its sibling published and its children unbuilt, with no tags moved', async () => {
      const runtime2 = await digestOf(registry.url, 'e2e/runtime', '2.0');
      const tool = await digestOf(registry.url, 'e2e/tool', '1.0.0');
      writeFileSync(join(workspace, 'catalog.yaml'), fixtureCatalog(namespace, true));
      const result = runCatalog(workspace, ['build', '--push', '--report', 'report.json']);
      expect(result.code).toBe(1);
      const r = report();
      expect(node(r, 'runtime:2.0')?.status).toBe('failed');
      expect(node(r, 'tool:1.0.0')).toMatchObject({ status: 'skipped', reason: 'runtime:2.0 failed' });
      expect(node(r, 'runtime:1.0')?.status).toBe('up-to-date');
      expect(node(r, 'app:1.0.0')?.status).toBe('up-to-date');
      expect(result.stdout).toContain('failed     runtime:2.0');
      expect(await digestOf(registry.url, 'e2e/runtime', '2.0')).toBe(runtime2);
      expect(await digestOf(registry.url, 'e2e/tool', '1.0.0')).toBe(tool);
      expect(await tagsOf(registry.url, 'e2e/runtime')).toEqual(['1', '1.0', '1.0-r1', '2', '2.0', '2.0-r1']);
    });
  },
);
