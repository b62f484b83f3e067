import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { localRegistrySkipReason } from '@catalog/registry/test/local-registry';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';

export const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
/** The `catalog` command as a user runs it (the bundle `npm ci` builds). */
export const CATALOG_BIN = join(REPO, 'packages/cli/bin/catalog.js');

/**
 * Why an end-to-end suite that needs a registry and these binaries cannot run here, or undefined.
 * With CATALOG_REQUIRE_E2E=1 it always runs (and fails with the reason instead of skipping).
 */
export function e2eSkipReason(binaries: readonly string[]): string | undefined {
  const required = process.env.CATALOG_REQUIRE_E2E === '1';
  const missing = binaries.filter((binary) => !existsSync(binary));
  return localRegistrySkipReason() ?? (missing.length > 0 && !required ? `missing ${missing.join(', ')}` : undefined);
}

/** Runs `catalog ARGS` in `cwd` as a CI job would (CI=1: plain lines), and waits for it. */
export function runCatalog(cwd: string, args: readonly string[], env: Record<string, string> = {}) {
  const result = spawnSync('node', [CATALOG_BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    maxBuffer: 64 << 20,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * A small catalog for end-to-end builds: a Debian base bootstrapped by tools/base-rootfs.sh, two
 * sibling runtimes that each install a Debian package, and an app on each runtime.
 */
export function fixtureCatalog(registry: string, brokenPackage = false): string {
  return `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  os:
    kind: os
    prepare: { run: ["${join(REPO, 'tools/base-rootfs.sh')}", "{{vars.suite}}"], file: rootfs.tar }
    tests: [{ name: release, run: [cat, /etc/debian_version], expect: "13." }]
    versions: { "13": { suite: trixie } }
  runtime:
    kind: runtime
    from: os:13
    versions:
      "1.0": { package: jq, check: jq --version, expect: jq- }
      "2.0": { package: ${brokenPackage ? 'no-such-package-catalog-e2e' : 'bc'}, check: bc --version, expect: bc }
    tests: [{ name: the package works, run: [sh, -c, "{{vars.check}}"], expect: "{{vars.expect}}" }]
  app:
    kind: app
    from: runtime:1.0
    versions: { "1.0.0": {} }
    tests: [{ name: says hello, run: [/home/app/hello.sh], expect: hello from the catalog }]
  tool:
    kind: app
    from: runtime:2.0
    template: images/app/Dockerfile.hbs
    context: images/app/
    versions: { "1.0.0": {} }
    tests: [{ name: says hello, run: [/home/app/hello.sh], expect: hello from the catalog }]
`;
}

const TEMPLATES: Record<string, string> = {
  'images/os/Dockerfile.hbs': `FROM scratch
ADD rootfs.tar /
ENV HOME=/home/app
{{> non-root-user}}
{{> labels}}
USER 10001
CMD ["bash"]
`,
  'images/runtime/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
USER 0
{{> apt-install packages=(array vars.package)}}
{{> labels}}
USER 10001
CMD ["bash"]
`,
  'images/app/Dockerfile.hbs': `{{> base-image}}
FROM \${BASE_IMAGE}
COPY --chown=10001:0 hello.sh /home/app/hello.sh
{{> labels}}
USER 10001
CMD ["/home/app/hello.sh"]
`,
  'images/app/hello.sh': '#!/bin/sh\nexec echo "hello from the catalog"\n',
  'images/app/.dockerignore': '.git\n',
};

/** A fresh workspace folder with the fixture catalog, its templates and the repository's partials. */
export function fixtureWorkspace(registry: string): string {
  const dir = tempDir('catalog-e2e-');
  writeFileSync(join(dir, 'catalog.yaml'), fixtureCatalog(registry));
  for (const [path, text] of Object.entries(TEMPLATES)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: path.endsWith('.sh') ? 0o755 : 0o644 });
  }
  cpSync(join(REPO, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
  return dir;
}
