import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type FakeServer, startFakeServer } from '@catalog/registry/test/fake-server';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { generateSigningKey } from '@catalog/runner/test/signing-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { CATALOG_BIN, e2eSkipReason, fixtureCatalog, fixtureWorkspace, runCatalog } from './fixture.js';
import { tagsOf } from './registry-api.js';

/**
 * The Debian side with a real image: the fixture's OS is bootstrapped with debootstrap and built
 * with buildah; its package list (dpkg-query in the built image) is stored next to it. A served
 * security index with a newer version of a package it really has selects its subtree, and
 * `build --upstream-changed --push` bootstraps it afresh and publishes it as -r2.
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);

/** The command, run without blocking this process: the fake mirror answers from this process. */
function catalogAsync(cwd: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn('node', [CATALOG_BIN, ...args], { cwd, env: { ...process.env, CI: '1', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(skip)(
  `security fixes for a real bootstrapped Debian image${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 15 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let mirror: FakeServer;
    let index = '';
    let workspace: string;
    const key = generateSigningKey();

    beforeAll(async () => {
      registry = await startLocalRegistry();
      mirror = await startFakeServer((request, response) => {
        const gz = gzipSync(index);
        const release = `SHA256:\n ${createHash('sha256').update(gz).digest('hex')} ${gz.length} main/binary-amd64/Packages.gz\n`;
        const files: Record<string, Buffer | string> = {
          '/sec/dists/trixie-security/InRelease': key.clearsign(release),
          '/sec/dists/trixie-security/main/binary-amd64/Packages.gz': gz,
        };
        const body = files[request.url ?? ''];
        response.writeHead(body === undefined ? 404 : 200);
        response.end(body);
      });
      workspace = fixtureWorkspace(`${registry.host}/e2e`);
      // The check reads the (fake) security archive through a catalog mirror, so the rootfs build
      // keeps upgrading from the machine's real one (CATALOG_DEBIAN_SECURITY_MIRROR stays unset).
      const withSecurity = fixtureCatalog(`${registry.host}/e2e`)
        .replace('builder:', 'mirrors: { debianSecurity: "" }\nbuilder:')
        .replace(
          '    kind: os\n',
          '    kind: os\n    securityUpdates: { suite: "{{vars.suite}}-security", mirror: debianSecurity }\n',
        );
      writeFileSync(join(workspace, 'catalog.yaml'), withSecurity);
    });
    afterAll(async () => {
      await registry?.stop();
      await mirror?.close();
      key.remove();
    });

    it('the built OS records its dpkg packages; a newer base-files selects its subtree and refreshes it', async () => {
      const built = runCatalog(workspace, ['build', 'os', '--push']);
      expect(built.code, built.stdout + built.stderr).toBe(0);
      const sbom = readFileSync(join(workspace, 'out/sbom/os_13.txt'), 'utf8');
      const baseFiles = /^deb base-files (\S+)( \S+)?$/m.exec(sbom)?.[1]; // deb NAME VERSION [ARCH]
      expect(baseFiles).toBeDefined();
      const env = {
        CATALOG_MIRROR_DEBIAN_SECURITY: `http://${mirror.host}/sec`,
        CATALOG_KEYRING_DEBIAN_SECURITY: key.keyring,
        CATALOG_CACHE: tempDir('catalog-cache-'),
      };
      index = `Package: base-files\nVersion: ${baseFiles}\n\nPackage: not-installed\nVersion: 9.9\n`;
      const clean = await catalogAsync(workspace, ['upstream', 'check'], env);
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      index = `Package: base-files\nVersion: ${baseFiles}+deb13u99\n`;
      const due = await catalogAsync(workspace, ['upstream', 'check', '--json'], env);
      expect(due.code, due.stderr).toBe(3);
      const report = JSON.parse(due.stdout);
      expect(report.images).toEqual([
        {
          id: 'os:13',
          suite: 'trixie-security',
          fixes: [{ name: 'base-files', installed: baseFiles, fixed: `${baseFiles}+deb13u99` }],
        },
      ]);
      expect(report.selected.map((n: { id: string }) => n.id)).toEqual([
        'os:13',
        'runtime:1.0',
        'runtime:2.0',
        'app:1.0.0',
        'tool:1.0.0',
      ]);
      expect(report.notes).toContainEqual({ id: 'runtime:1.0', note: 'not published yet' });

      // The rebuild bootstraps the OS afresh (CATALOG_REFRESH=1) although its inputs look unchanged.
      const rebuilt = await catalogAsync(
        workspace,
        ['build', 'os', '--upstream-changed', '--push', '--report', 'report.json'],
        env,
      );
      expect(rebuilt.code, rebuilt.stdout + rebuilt.stderr).toBe(0);
      const rebuiltReport = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
      expect(rebuiltReport.nodes).toMatchObject([
        { id: 'os:13', status: 'built', selectedBy: expect.stringContaining('security fixes in trixie-security') },
      ]);
      const log = readFileSync(join(workspace, 'out/logs/os_13.log'), 'utf8');
      expect(log).toMatch(/debootstrap --variant=minbase --arch=\S+ +trixie/);
      expect(await tagsOf(registry.url, 'e2e/os')).toEqual(['13', '13-r1', '13-r2']);
    });
  },
);
