import { withFamilies } from '../src/os/families.js';
import type { InstalledPackage, OsFamily } from '../src/os/family.js';
import { yaml } from './helpers.js';

/** `1.2.10-r3` → [1, 2, 10, 3]: enough of apk's version order for tests. */
function parts(version: string): number[] {
  return version.split(/[.-]r?/).map(Number);
}

function compare(a: string, b: string): number {
  const [left, right] = [parts(a), parts(b)];
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** `apk <name> <version>` lines. */
function parseList(text: string): InstalledPackage[] {
  return text
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[0] === 'apk' && words.length === 3)
    .map(([, name, version]) => ({ name: name as string, version: version as string }));
}

/** A fake Alpine, defined by tests only: nothing outside this file knows it. */
export const alpine: OsFamily = {
  name: 'alpine',
  title: 'Alpine',
  partials: ['install-packages', 'non-root-user'],
  packageList: {
    command: "apk info -v | sed 's/^/apk /'",
    parse: parseList,
    purl: (pkg) => `pkg:apk/alpine/${pkg.name}@${pkg.version}`,
    purlType: 'apk',
  },
  installedDatabase: { path: 'lib/apk/db/installed', parse: parseList },
  compareVersions: compare,
  security: {
    defaultSuite: 'v{{vars.branch}}',
    defaultComponents: ['main', 'community'],
    mirrorEnv: 'CATALOG_ALPINE_SECURITY_MIRROR',
    hostSources: { dir: '/etc/apk', files: ['repositories'], folders: [] },
    hostSecuritySite: () => undefined,
    architecture: (platform) => (platform.startsWith('linux/arm64') ? 'aarch64' : 'x86_64'),
    suitePath: (suite) => suite,
    manifestFiles: [],
    indexFiles: (_manifest, component) => [{ path: `${component}.json` }],
    parseIndex: (text) => new Map(Object.entries(JSON.parse(text) as Record<string, string>)),
    words: {
      manifest: 'manifest',
      suiteExample: 'v3.20',
      hostSourcesFix: 'add the security repository to /etc/apk/repositories',
      index: (component) => `${component}.json`,
    },
  },
};

export const FAMILIES = withFamilies(alpine);

/** A catalog with a Debian lineage and an Alpine one, whose family a child inherits. */
export const TWO_FAMILIES = yaml`
  registry: r.example/acme
  images:
    debian:
      kind: os
      securityUpdates: { suite: "{{vars.suite}}-security" }
      versions: { "13": { suite: trixie } }
    alpine:
      kind: os
      family: alpine
      securityUpdates: {}
      versions: { "3.20": { branch: "3.20" } }
    tool:
      kind: runtime
      versions: { "1.0": {} }
      variants:
        trixie: { from: debian:13, default: true }
        alpine: { from: alpine:3.20 }
    musl:
      kind: runtime
      family: alpine
      from: docker.io/library/alpine:3.20
      versions: { "1.0": {} }
`;
