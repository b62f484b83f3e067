import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { defaultCacheDir } from '@catalog/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildAppImage, buildah, removeImage, runInImage } from './app-image.js';
import { cosignVerify } from './cosign.js';
import { REPO } from './fixture.js';
import { digestOf, labelsOf, tagsOf } from './registry-api.js';

/**
 * The repository's own catalog, built for real along the chain to one Python: Debian (bootstrapped)
 * → pyenv → Python 3.13.5 (compiled) → Flask → hello, offline from the mirror made of Debian's
 * packages, pushed to a real registry, then tested from the registry. Compiling CPython takes
 * minutes, so this runs where CATALOG_E2E_EXAMPLE=1 (CI sets it); buildah's layer cache outside the
 * repository makes later runs on the same machine fast. It signs as a new user's `npm run example`
 * does: no key configured, so one is generated on first use in the tool's cache folder, here a
 * temporary one (see signingCache).
 */
const enabled = process.env.CATALOG_E2E_EXAMPLE === '1';

/** A port nothing listens on right now, on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
const bin = join(REPO, 'packages/cli/bin/catalog.js');

/**
 * The repository's catalog with Python compiled without PGO and LTO: the example's default
 * (`optimization: pgo-lto`) compiles for about 20 minutes on 2 cores, which would take most of CI's
 * budget; the chain, its artifacts, tags and smoke tests are the same. The optimized build is what
 * `npm run example` builds and `npm run bench -- --python` measures. Written next to catalog.yaml (its
 * paths are relative to it) and git-ignored.
 */
const CATALOG = join(REPO, 'catalog.e2e-example.yaml');
function writeCiCatalog(): void {
  const text = readFileSync(join(REPO, 'catalog.yaml'), 'utf8');
  const ci = text.replace(/^(\s+optimization:) pgo-lto$/m, '$1 none');
  if (ci === text) throw new Error('catalog.yaml sets no "optimization: pgo-lto" for the CI copy to change');
  writeFileSync(CATALOG, ci);
}

/**
 * A tool cache folder of its own for the run, so that the signing key is generated on first use
 * there (never in ~/.cache). The Debian root file systems and downloads the prepare steps keep in
 * the cache are linked from the usual cache, so they are not made again.
 */
function signingCache(): string {
  const cache = tempDir('catalog-example-cache-');
  for (const kept of ['rootfs', 'downloads']) {
    const shared = join(defaultCacheDir(process.env), kept);
    mkdirSync(shared, { recursive: true });
    symlinkSync(shared, join(cache, kept));
  }
  return cache;
}

function run(command: string, args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(command, args, {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    maxBuffer: 64 << 20,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!enabled)(
  `the example catalog builds the hello chain end to end${enabled ? '' : ' (skipped: set CATALOG_E2E_EXAMPLE=1; it compiles CPython)'}`,
  { timeout: 40 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let mirror: Record<string, string>;
    const namespace = (): string => `${registry.host}/acme`;

    // The mirror serves on a port of its own, so a mirror left running elsewhere does not matter.
    let mirrorPort: Record<string, string>;
    let cache: string;
    const withCache = (env: Record<string, string> = {}) => ({ ...env, CATALOG_CACHE: cache });
    /** The public key the build printed (the generated pair's). */
    let publicKey: string;
    const hello = (): string => `${namespace()}/hello:1.0.0`;

    beforeAll(async () => {
      writeCiCatalog();
      cache = signingCache();
      registry = await startLocalRegistry();
      mirrorPort = { CATALOG_MIRROR_PORT: String(await freePort()) };
      const served = run(join(REPO, 'tools/offline-mirror.sh'), ['serve'], mirrorPort);
      expect(served.code, served.stderr).toBe(0);
      const env = run(join(REPO, 'tools/offline-mirror.sh'), ['env'], mirrorPort).stdout;
      mirror = Object.fromEntries(
        [...env.matchAll(/export (\w+)=(\S+)/g)].map((m) => [m[1] as string, m[2] as string]),
      );
      // On a fresh machine the mirror first downloads its Debian source packages: minutes.
    }, 20 * 60_000);
    afterAll(async () => {
      rmSync(CATALOG, { force: true });
      if (cache) rmSync(cache, { recursive: true, force: true });
      if (mirrorPort) run(join(REPO, 'tools/offline-mirror.sh'), ['stop'], mirrorPort);
      await registry?.stop();
    });

    it('builds, smoke-tests and publishes debian → pyenv → python 3.13.5 → flask → hello', () => {
      const report = join(REPO, 'out', 'example-chain-report.json');
      const result = run(
        process.execPath,
        [
          bin,
          'build',
          '--catalog',
          CATALOG,
          'hello',
          '--ancestors',
          '--push',
          '--registry',
          namespace(),
          '--report',
          report,
        ],
        withCache(mirror),
      );
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      // No key configured: one is generated on first use, and its public half printed.
      const generated = result.stderr.match(/generated a key pair in (\S+); its public half \((\S+)\):/);
      expect(generated?.[1], result.stderr).toBe(join(cache, 'signing'));
      publicKey = generated?.[2] as string;
      expect(result.stderr).toContain('-----BEGIN PUBLIC KEY-----');
      expect(result.stderr).toContain(`verify with: catalog verify ${namespace()}/<image>:<tag> --key ${publicKey}`);
      const nodes = JSON.parse(readFileSync(report, 'utf8')).nodes.map(
        (n: { id: string; status: string }) => `${n.id} ${n.status}`,
      );
      expect(nodes).toEqual([
        'debian:13 built',
        'pyenv:2.5.4 built',
        'python:3.13.5 built',
        'flask:3.1.1-python3.13 built',
        'hello:1.0.0 built',
      ]);
    });

    it('publishes python:3 as 3.13.5, and the default Flask variant with bare and suffixed tags', async () => {
      expect(await digestOf(registry.url, 'acme/python', '3')).toBe(
        await digestOf(registry.url, 'acme/python', '3.13.5'),
      );
      expect((await labelsOf(registry.url, 'acme/python', '3'))['org.opencontainers.image.version']).toBe('3.13.5');
      const flaskTags = await tagsOf(registry.url, 'acme/flask');
      expect(flaskTags.filter((tag) => !tag.startsWith('artifact-'))).toEqual(
        ['3', '3-python3.13', '3.1', '3.1-python3.13', '3.1.1', '3.1.1-python3.13', '3.1.1-python3.13-r1'].sort(),
      );
      // The compiled wheels are stored beside the images, under the tag of their key (one key, one tag).
      expect(flaskTags.filter((tag) => /^artifact-[0-9a-f]{64}$/.test(tag))).toHaveLength(1);
      expect((await tagsOf(registry.url, 'acme/python')).filter((tag) => tag.startsWith('artifact-'))).toHaveLength(1);
    });

    it('signs by default: catalog verify and the real cosign verify accept hello:1.0.0', () => {
      // The generated key is the default of verify, as for a user after `npm run example`.
      const verified = run(process.execPath, [bin, 'verify', '--catalog', CATALOG, hello()], withCache());
      expect(verified.code, `${verified.stdout}\n${verified.stderr}`).toBe(0);
      expect(verified.stdout).toMatch(/ok +signature/);
      expect(verified.stdout).toMatch(/ok +sbom +CycloneDX, valid, \d+ packages/);
      expect(verified.stdout).toMatch(/ok +provenance +hello:1\.0\.0 of /);
      const cosign = cosignVerify(publicKey, hello());
      expect(cosign.code, cosign.output).toBe(0);
    });

    it('passes every smoke test from the registry: versions, non-root, arbitrary UID, no compiler, Hello, World!', () => {
      const result = run(process.execPath, [
        bin,
        'test',
        '--catalog',
        CATALOG,
        'hello',
        '--ancestors',
        '--registry',
        namespace(),
      ]);
      expect(result.code, result.stdout).toBe(0);
      expect(result.stdout).toContain('pass  hello:1.0.0  answers Hello, World! over HTTP from gunicorn');
      expect(result.stdout).toContain('pass  flask:3.1.1-python3.13  gunicorn, the production WSGI server');
      expect(result.stdout).toContain('pass  python:3.13.5  no compiler in the runtime image');
      expect(result.stdout).toMatch(/^\d+ passed, 0 failed$/m);
    });

    it('init-app scaffolds a Flask app FROM the published Flask image: it lints clean, builds from the registry, answers', () => {
      const dir = join(tempDir('catalog-example-app-'), 'shop');
      const created = run(process.execPath, [
        bin,
        'init-app',
        '--catalog',
        CATALOG,
        'shop',
        '--from',
        'flask',
        '--registry',
        namespace(),
        '--dir',
        dir,
      ]);
      expect(created.code, created.stderr).toBe(0);
      // Pinned to the -rN build the recommended tag names now (catalog outdated bumps it).
      expect(readFileSync(join(dir, 'Dockerfile'), 'utf8')).toContain(
        `\nFROM ${namespace()}/flask:3.1.1-python3.13-r1\n`,
      );
      const lint = run(process.execPath, [bin, 'lint', join(dir, 'Dockerfile')]);
      expect(lint.stdout).toContain('0 findings (0 errors)');
      expect(lint.code).toBe(0);
      const image = 'localhost/e2e-init-app/shop-flask:test';
      const get = (path: string): string[] => [
        'python',
        '-c',
        `from app import app; print(app.test_client().get('${path}').get_data(as_text=True))`,
      ];
      try {
        expect(created.stdout).toContain('buildah build --format docker -t shop .');
        const built = buildAppImage(dir, image, ['--format', 'docker']);
        expect(built.code, built.stdout + built.stderr).toBe(0);
        const healthcheck = buildah([
          'inspect',
          '--type',
          'image',
          '--format',
          '{{.Docker.Config.Healthcheck.Test}}',
          image,
        ]);
        expect(healthcheck.stdout).toContain('/healthz');
        expect(runInImage(image, ['gunicorn', '--version']).stdout).toContain('gunicorn (version 23.0.0)');
        const hello = runInImage(image, get('/'));
        expect(hello.stdout, hello.stderr).toContain('Hello from shop!');
        expect(runInImage(image, get('/healthz')).stdout).toMatch(/"status": ?"ok"/);
        expect(runInImage(image, ['id', '-u']).stdout.trim()).toBe('10001');
      } finally {
        removeImage(image);
      }
    });

    it('app build S2I-builds images/hello from its source on the published Flask image; it answers /healthz as an arbitrary UID in group 0', async () => {
      const image = 'localhost/e2e-s2i/hello-s2i:test';
      try {
        const built = run(
          process.execPath,
          [
            bin,
            'app',
            'build',
            'images/hello',
            '--catalog',
            CATALOG,
            '--from',
            'flask',
            '--tag',
            image,
            '--registry',
            namespace(),
          ],
          mirror,
        );
        expect(built.code, `${built.stdout}\n${built.stderr}`).toBe(0);
        expect(built.stdout).toContain(
          `built ${image} from images/hello on ${namespace()}/flask:3.1.1-python3.13 (S2I)`,
        );
        expect(built.stderr).toContain('---> Copying the application source to /home/app/src');
        const config = JSON.parse(buildah(['inspect', '--type', 'image', image]).stdout).OCIv1.config;
        expect(config.Cmd).toEqual(['/usr/libexec/s2i/run']);
        expect(config.User).toBe('10001');
        expect(config.Labels['io.openshift.s2i.build.image']).toBe(`${namespace()}/flask:3.1.1-python3.13`);
        expect(config.Labels['io.openshift.s2i.scripts-url']).toBe('image:///usr/libexec/s2i');
        // The image's own command (`run`: gunicorn, workers from the cgroup CPU quota) under uid 12345, group 0.
        const port = await freePort();
        const serve = [
          `PORT=${port} /usr/libexec/s2i/run >/tmp/run.log 2>&1 & server=$!`,
          `for i in $(seq 30); do python -c "import urllib.request as u; print(u.urlopen('http://127.0.0.1:${port}/healthz').read().decode().strip()); print(u.urlopen('http://127.0.0.1:${port}/').read().decode().strip())" 2>/dev/null && ok=1 && break; sleep 1; done`,
          'id -u; id -g; kill $server; wait $server; grep -c "Booting worker" /tmp/run.log; grep -m1 WEB_CONCURRENCY /tmp/run.log',
          '[ "$ok" = 1 ] || { cat /tmp/run.log; exit 1; }',
        ].join('\n');
        const answered = runInImage(image, ['sh', '-c', serve], ['--user', '12345:0']);
        expect(answered.code, answered.stdout + answered.stderr).toBe(0);
        const lines = answered.stdout.trim().split('\n');
        expect(lines.slice(0, 4)).toEqual(['{"status":"ok"}', 'Hello, World!', '12345', '0']);
        expect(Number(lines[4])).toBeGreaterThanOrEqual(1);
        expect(lines[5]).toMatch(/^---> WEB_CONCURRENCY=\d+ \(2 x CPUs \+ 1, CPUs from the cgroup CPU quota\)$/);
      } finally {
        removeImage(image);
      }
    });

    it('docs --from-registry shows the published chain with its -rN tags and digests, how to verify, the SBOM size', async () => {
      const out = tempDir('catalog-example-docs-');
      const result = run(process.execPath, [
        bin,
        'docs',
        '--catalog',
        CATALOG,
        '--from-registry',
        '--registry',
        namespace(),
        '--out',
        out,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const flask = readFileSync(join(out, 'images/flask.html'), 'utf8');
      expect(flask).toContain('<code>3.1.1-python3.13-r1</code>');
      expect(flask).toContain(`<code>${await digestOf(registry.url, 'acme/flask', '3.1.1-python3.13')}</code>`);
      expect(flask).toContain(`FROM ${namespace()}/flask:3.1.1-python3.13`);
      const helloPage = readFileSync(join(out, 'images/hello.html'), 'utf8');
      expect(helloPage).toContain(`<code>catalog verify ${hello()} --key cosign.pub</code>`);
      const verified = run(process.execPath, [bin, 'verify', '--catalog', CATALOG, hello(), '--json'], withCache());
      const sbom = JSON.parse(verified.stdout).checks.find((c: { check: string }) => c.check === 'sbom');
      const packages = Number(sbom.detail.match(/(\d+) packages/)?.[1]);
      expect(packages).toBeGreaterThan(50);
      expect(helloPage).toContain(`${packages} packages (CycloneDX 1.6`);
    });
  },
);
