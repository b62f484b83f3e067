import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  debianFamily,
  type InstalledPackage,
  loadCatalog,
  type OsFamily,
  renderNodes,
  withFamilies,
} from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { sbomCommand } from './build/node-checks.js';
import { readTemplates } from './read-templates.js';
import { runUpstreamCheck } from './upstream/check.js';
import { hostSecuritySite } from './upstream/security-mirror.js';

/** `apk <name> <version>` lines, in the package list and (in this fake) the package database. */
function parseApk(text: string): InstalledPackage[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === 'apk' && words.length === 3)
    .map(([, name, version]) => ({ name: name as string, version: version as string }));
}

const numbers = (version: string): number[] => version.split(/[.-]r?/).map(Number);

/** A second OS family, defined here only: nothing in the runner or core knows it. */
const alpine: OsFamily = {
  name: 'alpine',
  title: 'Alpine',
  partials: ['install-packages', 'non-root-user'],
  packageList: {
    command: "apk info -v 2>/dev/null | sed 's/^/apk /'",
    parse: parseApk,
    purl: (pkg) => `pkg:apk/alpine/${pkg.name}@${pkg.version}`,
    purlType: 'apk',
  },
  installedDatabase: { path: 'lib/apk/db/installed', parse: parseApk },
  compareVersions: (a, b) => {
    const [left, right] = [numbers(a), numbers(b)];
    const i = left.findIndex((n, at) => n !== right[at]);
    return i < 0 ? left.length - right.length : (left[i] as number) - (right[i] ?? 0);
  },
  security: {
    defaultSuite: 'v{{vars.branch}}',
    defaultComponents: ['main', 'community'],
    mirrorEnv: 'CATALOG_ALPINE_SECURITY_MIRROR',
    hostSources: { dir: '/etc/apk', files: ['repositories'], folders: [] },
    hostSecuritySite: (_path, text) => /^(https?:\/\/\S+?)\/v[\d.]+\/main$/m.exec(text)?.[1],
    architecture: (platform) => (platform.startsWith('linux/arm64') ? 'aarch64' : 'x86_64'),
    suitePath: (suite) => suite,
    manifestFiles: [],
    indexFiles: (_manifest, component) => [{ path: `${component}.json` }],
    parseIndex: (text) => new Map(Object.entries(JSON.parse(text) as Record<string, string>)),
    words: {
      manifest: 'manifest',
      suiteExample: 'v3.20',
      hostSourcesFix: 'add the repository to /etc/apk/repositories',
      index: (component) => `${component}.json`,
    },
  },
};
const families = withFamilies(alpine);

const CATALOG = `registry: r.test/acme
images:
  alpine:
    kind: os
    family: alpine
    securityUpdates: {}
    versions: { "3.20": { branch: "3.20" } }
  app:
    kind: app
    from: alpine:3.20
    versions: { "1.0.0": {} }
`;

/** A catalog folder: the repository's partials, plus the new family's folder and two templates. */
function workspace(): string {
  const dir = tempDir('catalog-family-');
  const repo = fileURLToPath(new URL('../../../', import.meta.url));
  cpSync(join(repo, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write('images/_partials/os/alpine/install-packages.hbs', 'RUN apk add --no-cache {{join (sort packages) " "}}\n');
  write('images/_partials/os/alpine/non-root-user.hbs', 'RUN adduser -D -u 10001 -G root -h /home/app app\n');
  write(
    'images/alpine/Dockerfile.hbs',
    'FROM scratch\nADD rootfs.tar /\n{{> install-packages packages=(array "ca-certificates")}}\n{{> non-root-user}}\n{{> labels}}\n',
  );
  write(
    'images/app/Dockerfile.hbs',
    '{{> base-image}}\nFROM ${BASE_IMAGE}\n{{> apt-install packages=(array "curl")}}\n',
  );
  write('catalog.yaml', CATALOG);
  return dir;
}

describe('a second OS family plugs in without changes to shared code', () => {
  const loaded = loadCatalog(CATALOG, 'catalog.yaml', { families });

  it('renders with its own partial folder beside the repository partials', async () => {
    const rendered = renderNodes(loaded, loaded.graph.order, await readTemplates(workspace(), loaded.catalog));
    const [os, app] = rendered;
    expect(rendered.map((node) => node.family)).toEqual(['alpine', 'alpine']);
    expect(os?.dockerfile).toContain('RUN apk add --no-cache ca-certificates\nRUN adduser -D -u 10001');
    expect(app?.dockerfile).toContain('FROM ${BASE_IMAGE}\nRUN apk add --no-cache curl\n');
    expect(rendered.some((node) => /apt-get|useradd/.test(node.dockerfile))).toBe(false);
  });

  it('lists installed packages with its command; Debian keeps its command byte for byte', () => {
    expect(sbomCommand(debianFamily)).toEqual([
      'sh',
      '-c',
      'dpkg-query -W -f \'${Package} ${Version} ${Architecture}\\n\' 2>/dev/null | sed "s/^/deb /"; (. /etc/os-release 2>/dev/null && echo "os ${ID:-} ${VERSION_ID:-}"); if command -v python >/dev/null 2>&1; then python -m pip freeze --all 2>/dev/null | sed "s/^/pip /"; fi',
    ]);
    expect(sbomCommand(alpine)[2]).toMatch(/^apk info -v 2>\/dev\/null \| sed 's\/\^\/apk \/'; if command -v python/);
  });

  it('finds the security archive in its host sources', async () => {
    const dir = tempDir('catalog-apk-');
    writeFileSync(join(dir, 'repositories'), '# mirrors\nhttp://apk.test/alpine/v3.20/main\n');
    expect(await hostSecuritySite(alpine, dir)).toBe('http://apk.test/alpine');
  });

  it('checks published images with its package list, its database in layers and its index', async () => {
    const requests: string[] = [];
    const index: Record<string, string> = {
      'http://sec.test/alpine/v3.20/main.json': '{"openssl":"3.3.2-r0","musl":"1.2.5-r0"}',
      'http://sec.test/alpine/v3.20/community.json': '{}',
    };
    const fetchFake = (async (url: string | URL) => {
      requests.push(String(url));
      const body = index[String(url)];
      return body === undefined ? new Response('no', { status: 404 }) : new Response(body);
    }) as typeof fetch;
    const bytes = (text: string) => new TextEncoder().encode(text);
    const registry = {
      resolvePlatforms: async () => ({ digest: 'x', mediaType: 'x', platforms: {} }),
      rateLimit: () => undefined,
      resolve: async () => ({ digest: `sha256:${'1'.repeat(64)}`, mediaType: 'x', size: 1 }),
      imageLabels: async () => ({}),
      fetchArtifact: async (ref: string) =>
        ref.startsWith('r.test/acme/app:') && ref.endsWith('.packages')
          ? { bytes: bytes('apk musl 1.2.5-r0\napk openssl 3.3.1-r0\npip flask==3.1.1\n'), annotations: {} }
          : undefined,
      readImageFile: async (_ref: string, path: string) =>
        path === 'lib/apk/db/installed' ? bytes('apk openssl 3.3.0-r0\n') : undefined,
    };
    const report = await runUpstreamCheck({
      ...loaded,
      lock: { upstreams: {} },
      registry,
      env: { CATALOG_ALPINE_SECURITY_MIRROR: 'http://sec.test/alpine/' },
      now: new Date(),
      cacheDir: tempDir('catalog-cache-'),
      fetch: fetchFake,
      families,
    });
    expect(report.images).toEqual([
      { id: 'alpine:3.20', fixes: [{ name: 'openssl', installed: '3.3.0-r0', fixed: '3.3.2-r0' }], suite: 'v3.20' },
      { id: 'app:1.0.0', fixes: [{ name: 'openssl', installed: '3.3.1-r0', fixed: '3.3.2-r0' }], suite: 'v3.20' },
    ]);
    expect(report.notes[0]?.note).toContain('read /lib/apk/db/installed from its layers');
    expect([...new Set(requests)].sort()).toEqual(Object.keys(index).sort());
  });
});
