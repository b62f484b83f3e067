import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { cyclonedxSbom, debianFamily } from '@catalog/core';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type FakeServer, startFakeServer } from '@catalog/registry/test/fake-server';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { pushUpstream } from '@catalog/registry/test/upstream-fixture';
import { publishPackageList, publishSbom } from '@catalog/runner';
import { generateSigningKey } from '@catalog/runner/test/signing-key';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../test-io.js';

/**
 * The Debian side of the upstream watch: published images carry their package lists; a fake
 * security archive served on 127.0.0.1 has newer versions of some packages. Only the subtree
 * whose images hold a fixed package is selected; the index is downloaded once per Release.
 */
const skip = localRegistrySkipReason();
const DAY = 86_400_000;

const BASE_PACKAGES = 'deb base-files 13.8\ndeb openssl 3.5.1-1\ndeb libc6 2.41-12\n';
const BOOKWORM_PACKAGES = 'deb base-files 12.4+deb12u11\ndeb openssl 3.0.17-1~deb12u2\n';

function catalogYaml(registry: string): string {
  return `registry: ${registry}/acme
images:
  os:
    kind: os
    securityUpdates: { suite: "{{vars.suite}}-security" }
    versions: { "12": { suite: bookworm }, "13": { suite: trixie } }
  runtime:
    kind: runtime
    from: os:13
    versions: { "1.0": {} }
  old:
    kind: runtime
    from: os:12
    rebuildAfter: 30d
    versions: { "1.0": {} }
  legacy:
    kind: runtime
    from: os:12
    versions: { "1.0": {} }
`;
}

/** The archive's signing key (a real gpg key; its keyring is given as CATALOG_DEBIAN_KEYRING). */
const key = generateSigningKey();

/** A Debian archive with one Packages.gz per suite (amd64, main), mutable between tests; InRelease signed. */
function archive() {
  const suites: Record<string, string> = {};
  const files = (): Map<string, Uint8Array> => {
    const map = new Map<string, Uint8Array>();
    for (const [suite, packages] of Object.entries(suites)) {
      const gz = new Uint8Array(gzipSync(packages));
      const hash = createHash('sha256').update(gz).digest('hex');
      const release = `Suite: ${suite}\nSHA256:\n ${hash} ${gz.length} main/binary-amd64/Packages.gz\n`;
      map.set(`/debian-security/dists/${suite}/InRelease`, new TextEncoder().encode(key.clearsign(release)));
      map.set(`/debian-security/dists/${suite}/main/binary-amd64/Packages.gz`, gz);
    }
    return map;
  };
  return { suites, files };
}

describe.skipIf(skip)(
  `Debian security fixes select only the images that hold them${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let registry: LocalRegistry;
    let mirror: FakeServer;
    let dir: string;
    let env: Record<string, string>;
    const served = archive();

    beforeAll(async () => {
      registry = await startLocalRegistry();
      mirror = await startFakeServer((request, response) => {
        const body = served.files().get(request.url ?? '');
        response.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0 });
        response.end(body);
      });
      const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
      const now = new Date();
      // Images published before the SBOM carry a package list; newer ones (runtime) a CycloneDX SBOM.
      const publish = async (image: string, tag: string, packages: string, age = 0) => {
        const repo = `${registry.host}/acme/${image}`;
        const pushed = await pushUpstream(client, repo, tag, { 'linux/amd64': `${image}:${tag}` }, { index: false });
        const at = new Date(now.getTime() - age);
        if (image !== 'runtime') return publishPackageList(client, repo, pushed.digest, packages, at);
        const bom = cyclonedxSbom({
          repository: repo,
          version: tag,
          nodeId: `${image}:${tag}`,
          digest: pushed.digest,
          platform: 'linux/amd64',
          recorded: packages,
          family: debianFamily,
          builtFromSource: [],
          timestamp: at.toISOString(),
          toolVersion: '0.1.0',
        });
        const subject = await client.resolve(`${repo}@${pushed.digest}`);
        if (!subject) throw new Error(`${repo}@${pushed.digest} was not pushed`);
        await publishSbom(client, repo, subject, JSON.stringify(bom), at);
      };
      await publish('os', '13', BASE_PACKAGES);
      await publish('os', '12', BOOKWORM_PACKAGES);
      await publish('runtime', '1.0', `${BASE_PACKAGES}deb jq 1.7.1-6\npip flask==3.1.1\n`);
      await publish('old', '1.0', BOOKWORM_PACKAGES, 10 * DAY);
      // Published before the upstream watch: no package list, only dpkg's status file in a layer.
      const legacy = await writeTestOciLayout(tempDir('catalog-legacy-'), {
        layers: [
          { 'var/lib/dpkg/status': 'Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n' },
          { 'home/app/app.txt': 'app\n' },
        ],
      });
      await client.pushOciLayout(legacy.layoutDir, `${registry.host}/acme/legacy`);
      await client.tag(`${registry.host}/acme/legacy`, legacy.manifestDigest, '1.0');
      dir = workspace({ 'catalog.yaml': catalogYaml(registry.host) });
      env = {
        CATALOG_DEBIAN_SECURITY_MIRROR: `http://${mirror.host}/debian-security`,
        CATALOG_DEBIAN_KEYRING: key.keyring,
        CATALOG_CACHE: tempDir('catalog-cache-'),
      };
    }, 60_000);
    afterAll(async () => {
      await registry?.stop();
      await mirror?.close();
      key.remove();
    });

    it('a fix for a package none of our images contains triggers nothing', async () => {
      served.suites['trixie-security'] = 'Package: nginx\nVersion: 1.26.3-3+deb13u1\n';
      served.suites['bookworm-security'] = 'Package: openssl\nVersion: 3.0.17-1~deb12u2\n';
      const result = await run(['upstream', 'check', '--json'], dir, env);
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ rebuildsDue: false, selected: [], images: [] });
    });

    it('a newer openssl in trixie-security selects the trixie subtree only; the index is cached by its Release', async () => {
      served.suites['trixie-security'] =
        'Package: openssl\nVersion: 3.5.1-1+deb13u1\n\nPackage: jq\nVersion: 1.7.1-6\n';
      const downloads = () => mirror.requests.filter((r) => r.url.endsWith('Packages.gz')).length;
      const before = downloads();
      const result = await run(['upstream', 'check', '--json'], dir, env);
      expect(result.code, result.stderr).toBe(3);
      const report = JSON.parse(result.stdout);
      expect(report.images).toEqual([
        {
          id: 'os:13',
          suite: 'trixie-security',
          fixes: [{ name: 'openssl', installed: '3.5.1-1', fixed: '3.5.1-1+deb13u1' }],
        },
        {
          id: 'runtime:1.0',
          suite: 'trixie-security',
          fixes: [{ name: 'openssl', installed: '3.5.1-1', fixed: '3.5.1-1+deb13u1' }],
        },
      ]);
      expect(report.selected).toEqual([
        { id: 'os:13', reason: 'security fixes in trixie-security: openssl 3.5.1-1+deb13u1' },
        { id: 'runtime:1.0', reason: 'security fixes in trixie-security: openssl 3.5.1-1+deb13u1' },
      ]);
      expect(report.refresh).toEqual(['os:13', 'runtime:1.0']);
      expect(downloads()).toBe(before + 1);
      const text = await run(['upstream', 'check'], dir, env);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain('security   os:13  openssl 3.5.1-1 → 3.5.1-1+deb13u1 (trixie-security)');
      expect(downloads()).toBe(before + 1);
    });

    it('an image older than its rebuildAfter is selected for a refresh', async () => {
      const aged = workspace({
        'catalog.yaml': catalogYaml(registry.host).replace('rebuildAfter: 30d', 'rebuildAfter: 7d'),
      });
      const result = await run(['upstream', 'check', '--json'], aged, env);
      const report = JSON.parse(result.stdout);
      expect(report.selected).toContainEqual({ id: 'old:1.0', reason: 'older than rebuildAfter 7d (10d)' });
    });

    it('an image published without a package list is checked from the dpkg status in its layers', async () => {
      served.suites['bookworm-security'] = 'Package: zlib1g\nVersion: 1:1.2.13.dfsg-1+deb12u1\n';
      served.suites['trixie-security'] = 'Package: nginx\nVersion: 1.26.3-3+deb13u1\n';
      const result = await run(['upstream', 'check', '--json'], dir, env);
      expect(result.code, result.stderr).toBe(3);
      const report = JSON.parse(result.stdout);
      expect(report.selected).toEqual([
        { id: 'legacy:1.0', reason: 'security fixes in bookworm-security: zlib1g 1:1.2.13.dfsg-1+deb12u1' },
      ]);
      expect(report.notes).toContainEqual({
        id: 'legacy:1.0',
        note: 'no package list recorded (built before the upstream watch, or with --no-test): read /var/lib/dpkg/status from its layers; rebuild it to record one',
      });
    });

    it('an unreachable or wrong mirror is an error, not "nothing changed"', async () => {
      const result = await run(['upstream', 'check'], dir, {
        ...env,
        CATALOG_DEBIAN_SECURITY_MIRROR: `http://${mirror.host}/nowhere`,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/InRelease and Release do not exist/);
      expect(result.stderr).toContain('hint:');
    });

    it('an index signed by another key, or unsigned, is refused: exit 1, nothing selected', async () => {
      served.suites['trixie-security'] = 'Package: openssl\nVersion: 3.5.1-1+deb13u9\n';
      served.suites['bookworm-security'] = 'Package: openssl\nVersion: 3.0.17-1~deb12u9\n';
      const stranger = generateSigningKey('Not The Archive');
      try {
        const result = await run(['upstream', 'check', '--json'], dir, {
          ...env,
          CATALOG_DEBIAN_KEYRING: stranger.keyring,
        });
        expect(result.code).toBe(1);
        const answer = JSON.parse(result.stdout);
        expect(answer).toMatchObject({ ok: false, hint: expect.stringContaining('CATALOG_DEBIAN_KEYRING') });
        expect(answer.error).toMatch(/signature of http:\/\/.*-security\/InRelease does not verify against/);
        expect(answer.selected).toBeUndefined();
      } finally {
        stranger.remove();
      }
    });
  },
);
