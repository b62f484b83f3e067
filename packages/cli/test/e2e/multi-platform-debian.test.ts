import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildah, removeImage } from './app-image.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';

/**
 * The Debian chain on two platforms: a Debian base bootstrapped per architecture
 * (tools/base-rootfs.sh, arm64 through debootstrap --foreign and its second stage under qemu), a
 * runtime that installs a package with apt (under emulation for arm64) and an app; smoke tests run
 * on both platforms. The arm64 image runs aarch64 programs; a rerun builds nothing. Needs
 * qemu-user-static and binfmt-support (tools/install-deps.sh); the arm64 rootfs takes about four
 * minutes the first time, then comes from the cache. The emulated apt and smoke-test steps take
 * about ten minutes on 2 cores, so it runs where CATALOG_E2E_MULTIARCH=1 (CI's share of the
 * two-platform fixture is multi-platform.test.ts, built FROM scratch).
 */
const QEMU = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
const enabled = process.env.CATALOG_E2E_MULTIARCH === '1';
const skip = !enabled
  ? 'set CATALOG_E2E_MULTIARCH=1; it bootstraps and runs arm64 Debian under emulation'
  : (e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']) ??
    (existsSync(QEMU) || process.env.CATALOG_REQUIRE_E2E === '1' ? undefined : `no ${QEMU}`));

/** The chain's catalog and templates, shared with `npm run bench -- --platforms`. */
const FIXTURE = join(REPO, 'tools/fixtures/debian-chain');

describe.skipIf(skip)(
  `the Debian chain on linux/amd64 and linux/arm64${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 30 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    let first = { code: null as number | null, output: '' };

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = tempDir('catalog-e2e-platforms-debian-');
      cpSync(FIXTURE, workspace, { recursive: true });
      const catalog = readFileSync(join(FIXTURE, 'catalog.fixture.yaml'), 'utf8');
      const filled = catalog.replaceAll('@REGISTRY@', `${registry.host}/e2e`).replaceAll('@REPO@', REPO);
      writeFileSync(join(workspace, 'catalog.yaml'), filled);
      cpSync(join(REPO, 'images/_partials'), join(workspace, 'images/_partials'), { recursive: true });
      const result = runCatalog(workspace, ['build', '--push']);
      first = { code: result.code, output: result.stdout + result.stderr };
    }, 30 * 60_000);
    afterAll(async () => {
      // By id: images pulled by digest (smoke tests, catalog test) have no tag.
      const local = buildah(['images', '--format', '{{.ID}} {{.Name}}']).stdout.split('\n');
      const ours = local
        .filter((line) => /\/platforms-(os|runtime|hello)$/.test(line))
        .map((line) => line.split(' ')[0]);
      for (const id of new Set(ours)) if (id) removeImage(id);
      await registry?.stop();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    it('builds every node for both platforms, smoke tests included, and publishes their indexes', async () => {
      expect(first.code, first.output).toBe(0);
      expect(first.output).toMatch(/platforms-runtime:1\.0: test linux\/arm64: jq works/);
      const response = await fetch(`${registry.url}/v2/e2e/platforms-hello/manifests/1.0.0`, {
        headers: {
          accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
        },
      });
      const index = (await response.json()) as { manifests: { platform: { architecture: string } }[] };
      expect(index.manifests.map((m) => m.platform.architecture)).toEqual(['amd64', 'arm64']);
    });

    it('runs aarch64 programs in the arm64 image', () => {
      const ref = `${registry.host}/e2e/platforms-runtime:1.0`;
      const from = buildah(['from', '--platform', 'linux/arm64', '--tls-verify=false', '--quiet', `docker://${ref}`]);
      expect(from.code, from.stderr).toBe(0);
      const container = from.stdout.trim();
      try {
        const run = buildah(['run', '--isolation', 'chroot', container, '--', 'uname', '-m']);
        expect(run.stdout.trim()).toBe('aarch64');
      } finally {
        buildah(['rm', container]);
      }
    });

    it('catalog test runs the smoke tests on both platforms', () => {
      const tested = runCatalog(workspace, ['test']);
      expect(tested.code, tested.stdout + tested.stderr).toBe(0);
      expect(tested.stdout).toMatch(/pass +platforms-runtime:1\.0 +jq works \(linux\/arm64\)/);
      expect(tested.stdout).toMatch(/pass +platforms-runtime:1\.0 +jq works \(linux\/amd64\)/);
    });

    it('builds nothing on a rerun', () => {
      const again = runCatalog(workspace, ['build', '--push']);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(again.stdout).toMatch(/0 built, 3 up to date/);
    });
  },
);
