import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildah, removeImage, runInImage } from './app-image.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';

/**
 * `catalog app build` with real buildah and a real registry, on a tiny S2I builder image (a static
 * busybox as its shell, from Debian's busybox-static, and two scripts), so it runs in every CI run in
 * seconds: the builder's labels and user are read from the registry, the source is assembled as that
 * user with the catalog's mirror build args, `run` is the command, the result runs under an arbitrary
 * UID in group 0; a failing assemble fails the command with its output. The real Flask builder (pip,
 * gunicorn, cgroup-sized workers) is checked in example-chain.test.ts, which compiles CPython.
 */
const BUSYBOX = '/bin/busybox';
const skip = e2eSkipReason(['/usr/bin/buildah', BUSYBOX]);

const CATALOG = (registry: string) => `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
mirrors: { pypi: https://pypi.org/simple }
images:
  builder:
    kind: os
    versions: { "1.0": {} }
  plain:
    kind: os
    template: images/builder/Dockerfile.hbs
    context: images/builder/
    vars: { plain: true }
    versions: { "1.0": {} }
`;

const TEMPLATE = `FROM scratch
COPY busybox /bin/busybox
RUN ["/bin/busybox", "sh", "-c", "/bin/busybox --install -s /bin && mkdir -p /tmp /home/app && chmod 1777 /tmp && chown 10001:0 /home/app && chmod 775 /home/app"]
COPY --chmod=755 s2i/ /usr/libexec/s2i/
{{#unless vars.plain}}
LABEL io.openshift.s2i.scripts-url="image:///usr/libexec/s2i"
{{/unless}}
{{> labels}}
ENV HOME=/home/app
USER 10001
CMD ["/usr/libexec/s2i/run"]
`;

const SCRIPTS: Record<string, string> = {
  assemble: `#!/bin/sh
set -eu
if [ -e /tmp/src/fail ]; then echo "assemble: the source asked to fail" >&2; exit 4; fi
mkdir -p /home/app/src
cp -R /tmp/src/. /home/app/src/
chmod -R g=u /home/app/src
echo "assembled as $(id -u):$(id -g) with MIRROR_PYPI=$MIRROR_PYPI"
`,
  run: `#!/bin/sh
exec cat /home/app/src/greeting.txt
`,
};

describe.skipIf(skip)(
  `catalog app build on a tiny S2I builder${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 5 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    const image = 'localhost/e2e-app-build/greeter:test';

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = tempDir('catalog-e2e-app-build-');
      writeFileSync(join(workspace, 'catalog.yaml'), CATALOG(`${registry.host}/e2e`));
      mkdirSync(join(workspace, 'images/builder/s2i'), { recursive: true });
      writeFileSync(join(workspace, 'images/builder/Dockerfile.hbs'), TEMPLATE);
      copyFileSync(BUSYBOX, join(workspace, 'images/builder/busybox'));
      for (const [name, text] of Object.entries(SCRIPTS)) {
        writeFileSync(join(workspace, 'images/builder/s2i', name), text);
        chmodSync(join(workspace, 'images/builder/s2i', name), 0o755);
      }
      mkdirSync(join(workspace, 'images/_partials'), { recursive: true });
      copyFileSync(join(REPO, 'images/_partials/labels.hbs'), join(workspace, 'images/_partials/labels.hbs'));
      mkdirSync(join(workspace, 'greeter'));
      writeFileSync(join(workspace, 'greeter/greeting.txt'), 'hello from the source\n');
      const built = runCatalog(workspace, ['build', '--push', '--no-test']);
      expect(built.code, `${built.stdout}\n${built.stderr}`).toBe(0);
    }, 5 * 60_000);

    afterAll(async () => {
      for (const name of [image, `${image}-broken`]) removeImage(name);
      const local = buildah(['images', '--format', '{{.Name}}:{{.Tag}}']).stdout.split('\n');
      for (const name of local.filter((n) => registry && n.includes(`${registry.host}/e2e/`))) removeImage(name);
      await registry?.stop();
    }, 60_000);

    it('builds the source folder with the builder scripts; the result runs `run` as an arbitrary UID in group 0', () => {
      const result = runCatalog(workspace, ['app', 'build', 'greeter', '--from', 'builder', '--tag', image, '--json'], {
        CATALOG_MIRROR_PYPI: 'http://127.0.0.1:9/simple',
      });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        image,
        from: `${registry.host}/e2e/builder:1.0`,
        builder: expect.stringMatching(new RegExp(`^${registry.host}/e2e/builder@sha256:[0-9a-f]{64}$`)),
      });
      // assemble ran as the image's user, with the catalog's mirror (CATALOG_MIRROR_PYPI) in its environment.
      expect(result.stderr).toContain('assembled as 10001:0 with MIRROR_PYPI=http://127.0.0.1:9/simple');
      const config = JSON.parse(buildah(['inspect', '--type', 'image', image]).stdout).OCIv1.config;
      expect(config.Cmd).toEqual(['/usr/libexec/s2i/run']);
      expect(config.Labels['io.openshift.s2i.build.source-location']).toBe('greeter');
      const ran = runInImage(
        image,
        ['sh', '-c', '/usr/libexec/s2i/run && id -u && touch /home/app/src/written'],
        ['--user', '1000770000:0'],
      );
      expect(ran.stdout, ran.stderr).toBe('hello from the source\n1000770000\n');
    });

    it('fails with the output of a failing assemble (exit 1), and refuses an image without the S2I label', () => {
      writeFileSync(join(workspace, 'greeter/fail'), '');
      const failed = runCatalog(workspace, [
        'app',
        'build',
        'greeter',
        '--from',
        'builder',
        '--tag',
        `${image}-broken`,
      ]);
      expect(failed.code).toBe(1);
      expect(failed.stderr).toContain('assemble: the source asked to fail');
      expect(failed.stderr).toMatch(/the S2I build of greeter on \S+\/builder:1\.0 failed \(exit \d+\)/);
      const plain = runCatalog(workspace, ['app', 'build', 'greeter', '--from', 'plain', '--tag', `${image}-plain`]);
      expect(plain.code).toBe(1);
      expect(plain.stderr).toContain(`${registry.host}/e2e/plain:1.0 is not an S2I builder image`);
    });
  },
);
