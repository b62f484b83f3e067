import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { CATALOG_BIN, e2eSkipReason, fixtureWorkspace, runCatalog } from './fixture.js';
import { digestOf, tagsOf } from './registry-api.js';

/**
 * Three machines simulated on this one: three workspaces, each with its own buildah storage
 * (CONTAINERS_STORAGE_CONF), build disjoint parts of the fixture catalog with
 * `build --push --no-publish` into one real registry; `catalog publish` over their reports must give
 * the tags a single-machine `build --push` of the same catalog gives (SINGLE_MACHINE_TAGS: what
 * build-publish.test.ts checks a single machine publishes for this graph; building it once more
 * here would double this suite's time). One machine's report missing: only the complete subtrees
 * are tagged and the missing nodes listed. Publishing again moves nothing.
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);
const REPOSITORIES = ['os', 'runtime', 'app', 'tool'];
const REVISION = { CATALOG_REVISION: 'e2e-many-machines-1' };
const SINGLE_MACHINE_TAGS = {
  os: ['13', '13-r1'],
  runtime: ['1', '1.0', '1.0-r1', '2', '2.0', '2.0-r1'],
  app: ['1', '1.0', '1.0.0', '1.0.0-r1'],
  tool: ['1', '1.0', '1.0.0', '1.0.0-r1'],
};

interface Machine {
  readonly dir: string;
  readonly env: Record<string, string>;
}

/**
 * The fixture catalog's shape (os:13; runtime:1.0 and 2.0 on it; app on runtime:1.0, tool on
 * runtime:2.0) with runtimes that write a file instead of installing packages: the same graph
 * and tags, no package downloads, so four builds stay cheap.
 */
const RUNTIME = `{{> base-image}}
FROM \${BASE_IMAGE}
USER 0
RUN echo "runtime {{version}}" > /etc/runtime-version
{{> labels}}
USER 10001
CMD ["bash"]
`;

/** A workspace with its own image storage, as a separate machine would have. */
function machine(namespace: string, scratch: string, name: string): Machine {
  const storage = join(scratch, name);
  mkdirSync(storage, { recursive: true });
  const conf = join(storage, 'storage.conf');
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${storage}/root"\nrunroot = "${storage}/run"\n`);
  const dir = fixtureWorkspace(namespace);
  writeFileSync(join(dir, 'images/runtime/Dockerfile.hbs'), RUNTIME);
  const catalog = readFileSync(join(dir, 'catalog.yaml'), 'utf8')
    .replace(/"1\.0": \{ package: jq[^}]*\}/, '"1.0": {}')
    .replace(/"2\.0": \{ package: bc[^}]*\}/, '"2.0": {}')
    .replace(
      'run: [sh, -c, "{{vars.check}}"], expect: "{{vars.expect}}"',
      'run: [cat, /etc/runtime-version], expect: runtime',
    );
  writeFileSync(join(dir, 'catalog.yaml'), catalog);
  return { dir, env: { ...REVISION, CONTAINERS_STORAGE_CONF: conf } };
}

describe.skipIf(skip)(
  `build on three machines, publish once${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 30 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let scratch: string;
    let machines: Record<'a' | 'b' | 'c', Machine>;
    let reports: string;
    const tagSets = async (namespace: string) =>
      Object.fromEntries(
        await Promise.all(REPOSITORIES.map(async (r) => [r, await tagsOf(registry.url, `${namespace}/${r}`)])),
      );

    beforeAll(async () => {
      registry = await startLocalRegistry();
      scratch = tempDir('catalog-e2e-machines-');
      const namespace = `${registry.host}/multi`;
      machines = {
        a: machine(namespace, scratch, 'a'),
        b: machine(namespace, scratch, 'b'),
        c: machine(namespace, scratch, 'c'),
      };
      reports = join(scratch, 'reports');
      mkdirSync(reports);
    });
    afterAll(async () => {
      await registry?.stop();
      // Four image stores (vfs: full copies) take a while to delete.
      if (scratch) rmSync(scratch, { recursive: true, force: true });
      for (const m of Object.values(machines ?? {})) rmSync(m.dir, { recursive: true, force: true });
    }, 300_000);

    /** `catalog build --push --no-publish ARGS` on a machine, as a process (machines run at once). */
    const build = (m: Machine, args: string[]) =>
      new Promise<void>((done, fail) => {
        const child = spawn('node', [CATALOG_BIN, 'build', '--push', '--no-publish', ...args], {
          cwd: m.dir,
          env: { ...process.env, CI: '1', ...m.env },
        });
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', fail);
        child.on('close', (code) =>
          code === 0 ? done() : fail(new Error(`${args.join(' ')} exited ${code}:\n${output}`)),
        );
      });

    it('three machines build disjoint parts by digest, untagged', async () => {
      await build(machines.a, ['os', '--report', join(reports, 'a.json')]);
      const parents = ['--parents-from', join(reports, 'a.json')];
      // Machines b and c both build FROM a's image, at the same time.
      await Promise.all([
        build(machines.b, ['runtime:1.0', 'app', ...parents, '--report', join(reports, 'b.json')]),
        build(machines.c, ['runtime:2.0', 'tool', ...parents, '--report', join(reports, 'c.json')]),
      ]);
      for (const r of REPOSITORIES) expect(await tagsOf(registry.url, `multi/${r}`)).toEqual([]);
      const b = JSON.parse(readFileSync(join(reports, 'b.json'), 'utf8'));
      expect(b).toMatchObject({
        schemaVersion: 2,
        revision: REVISION.CATALOG_REVISION,
        pushed: true,
        published: false,
      });
      expect(b.nodes.map((n: { id: string; platform: string }) => [n.id, n.platform])).toEqual([
        ['runtime:1.0', 'linux/amd64'],
        ['app:1.0.0', 'linux/amd64'],
      ]);
    });

    it('refuses reports of another catalog commit, moving nothing', async () => {
      const result = runCatalog(machines.a.dir, ['publish', reports], { CATALOG_REVISION: 'other' });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('was built from commit e2e-many-machines-1; this catalog is at other');
      for (const r of REPOSITORIES) expect(await tagsOf(registry.url, `multi/${r}`)).toEqual([]);
    });

    it("with one machine's report missing, tags only the complete subtrees and lists the missing nodes", async () => {
      const result = runCatalog(
        machines.a.dir,
        ['publish', join(reports, 'a.json'), join(reports, 'b.json')],
        REVISION,
      );
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stdout).toContain('no report covers runtime:2.0, tool:1.0.0');
      const tags = await tagSets(`multi`);
      expect(tags.runtime).toEqual(['1', '1.0', '1.0-r1']);
      expect(tags.app).toEqual(SINGLE_MACHINE_TAGS.app);
      // os has a child still missing: only its -rN moves (the digest runtime:1.0 was built FROM).
      expect(tags.os).toEqual(['13-r1']);
      expect(tags.tool).toEqual([]);
    });

    it('publish over every report gives the tags of a single-machine build; again, it moves nothing', async () => {
      const result = runCatalog(machines.a.dir, ['publish', reports, '--json'], REVISION);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(await tagSets('multi')).toEqual(SINGLE_MACHINE_TAGS);
      const pointers = async () =>
        Promise.all(
          REPOSITORIES.map(async (r) => {
            const tags = await tagsOf(registry.url, `multi/${r}`);
            return Promise.all(tags.map(async (t) => `${r}:${t} ${await digestOf(registry.url, `multi/${r}`, t)}`));
          }),
        );
      const before = await pointers();
      const again = runCatalog(machines.b.dir, ['publish', reports], REVISION);
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(await pointers()).toEqual(before);
    });
  },
);
