import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { closedPort } from '@catalog/registry/test/fake-server';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { pushUpstream } from '@catalog/registry/test/upstream-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, workspace } from '../test-io.js';

/**
 * `catalog outdated` against a real registry (docker-registry on loopback): tiny images pushed as a
 * publish would (1.0.0-r1 with its rolling tags 1.0.0, 1.0 and 1), a consumer repository pinned to
 * -r1, then a security rebuild (-r2 moves the rolling tags) makes it behind and --write pins -r2.
 * The same for an app `init-app` scaffolds: it pins the -rN build the rolling tag names (-r1).
 */
const skip = localRegistrySkipReason();

function catalogYaml(host: string): string {
  return `registry: ${host}/acme
images:
  base:
    kind: os
    versions: { "1.0.0": {} }
  flask:
    kind: framework
    from: base:1.0.0
    versions: { "1.0.0": {} }
`;
}

const DEPLOYMENT = (host: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop   # the shop app
spec:
  template:
    spec:
      initContainers:
        - { name: migrate, image: "${host}/acme/flask:1.0.0-r1" }
      containers:
        - name: web
          image: ${host}/acme/flask:1.0    # rolling
`;

describe.skipIf(skip)(
  `catalog outdated against a real registry${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let registry: LocalRegistry;
    let dir: string;
    const client = () => new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    const publish = async (revision: number, content: string) => {
      const repository = `${registry.host}/acme/flask`;
      const pushed = await pushUpstream(
        client(),
        repository,
        `1.0.0-r${revision}`,
        { 'linux/amd64': content },
        { index: false },
      );
      for (const tag of ['1.0.0', '1.0', '1']) await client().tag(repository, pushed.digest, tag);
      return pushed.digest;
    };

    beforeAll(async () => {
      registry = await startLocalRegistry();
      await publish(1, 'build one');
      const retired = await pushUpstream(
        client(),
        `${registry.host}/acme/flask`,
        '0.9.0-r4',
        { 'linux/amd64': 'old' },
        { index: false },
      );
      expect(retired.digest).toMatch(/^sha256:/);
      dir = workspace({ 'catalog.yaml': catalogYaml(registry.host) });
      mkdirSync(join(dir, 'shop/deploy'), { recursive: true });
      writeFileSync(
        join(dir, 'shop/Dockerfile'),
        `# the shop\nFROM   ${registry.host}/acme/flask:1.0.0-r1 AS app\nUSER 10001\n`,
      );
      writeFileSync(join(dir, 'shop/deploy/deployment.yaml'), DEPLOYMENT(registry.host));
    }, 60_000);
    afterAll(() => registry?.stop());

    it('init-app pins the -rN build the rolling tag names (-r1) and outdated says it is current', async () => {
      const init = await run(['init-app', 'web', '--from', 'flask'], dir);
      expect(init.code, init.stderr).toBe(0);
      expect(init.stdout).toContain(`created web/ FROM ${registry.host}/acme/flask:1.0.0-r1 (flask:1.0.0)`);
      expect(init.stdout).toContain(
        'pinned: 1.0.0-r1 (what 1.0.0 names now); `npx catalog outdated web` says when a rebuild is out',
      );
      expect(readFileSync(join(dir, 'web/Dockerfile'), 'utf8')).toContain(
        `\nFROM ${registry.host}/acme/flask:1.0.0-r1\n`,
      );
      expect((await run(['lint', 'web/Dockerfile'], dir)).code).toBe(0);
      const result = await run(['outdated', 'web'], dir);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        new RegExp(`web/Dockerfile:\\d+:6  ${registry.host}/acme/flask:1\\.0\\.0-r1  CURRENT`),
      );
      expect(result.stdout).toContain('current: the newest build');

      const rolling = await run(['init-app', 'rolling', '--from', 'flask', '--no-pin'], dir);
      expect(rolling.code, rolling.stderr).toBe(0);
      expect(rolling.stdout).toContain('not pinned (--no-pin): 1.0.0 is a rolling tag, it moves to each rebuild');
      expect(readFileSync(join(dir, 'rolling/Dockerfile'), 'utf8')).toContain(
        `\nFROM ${registry.host}/acme/flask:1.0.0\n`,
      );

      const unpublished = await run(['init-app', 'os-app', '--from', 'base'], dir);
      expect(unpublished.code).toBe(1);
      expect(unpublished.stderr).toContain(`${registry.host}/acme/base:1.0.0 is not in the registry`);
      expect(unpublished.stderr).toContain('catalog build base:1.0.0 --push');
      expect(existsSync(join(dir, 'os-app'))).toBe(false);
    });

    it('reports the -r1 pins current until a -r2 rebuild, then behind; --write pins -r2 and keeps the formatting', async () => {
      const current = await run(['outdated', 'shop/'], dir);
      expect(current.code, current.stdout + current.stderr).toBe(0);
      expect(current.stdout).toContain('3 references to');
      expect(current.stdout).toContain('3 current (1 on rolling tags)');

      const r2 = await publish(2, 'build two, with security fixes');
      const behind = await run(['outdated', 'shop/', '--json'], dir);
      expect(behind.code, behind.stderr).toBe(3);
      const report = JSON.parse(behind.stdout);
      expect(
        report.references.map((r: { file: string; line: number; status: string }) => [r.file, r.line, r.status]),
      ).toEqual([
        ['shop/deploy/deployment.yaml', 9, 'behind'],
        ['shop/deploy/deployment.yaml', 12, 'current'],
        ['shop/Dockerfile', 2, 'behind'],
      ]);
      expect(report.references[2]).toMatchObject({
        pin: 'revision',
        node: 'flask:1.0.0',
        newestRevision: '1.0.0-r2',
        update: `${registry.host}/acme/flask:1.0.0-r2`,
      });
      expect(report.references[1]).toMatchObject({ pin: 'rolling', resolvesTo: { digest: r2, tag: '1.0.0-r2' } });

      const text = await run(['outdated', 'shop/'], dir);
      expect(text.code).toBe(3);
      expect(text.stdout).toContain(`shop/Dockerfile:2:8  ${registry.host}/acme/flask:1.0.0-r1  BEHIND`);
      expect(text.stdout).toContain('1.0.0-r2 is a newer build of flask:1.0.0 (security rebuild)');
      expect(text.stdout).toContain(`--write pins ${registry.host}/acme/flask:1.0.0-r2`);
      expect(text.stdout).toContain('rolling tag: current by construction, now 1.0.0-r2');
      expect(text.stdout).toContain('3 references to');
      expect(text.stdout).toContain('2 behind, 0 retired, 1 current (1 on rolling tags)');

      const write = await run(['outdated', 'shop/', '--write'], dir);
      expect(write.code, write.stdout + write.stderr).toBe(0);
      expect(write.stdout).toContain('wrote shop/Dockerfile');
      expect(readFileSync(join(dir, 'shop/Dockerfile'), 'utf8')).toBe(
        `# the shop\nFROM   ${registry.host}/acme/flask:1.0.0-r2 AS app\nUSER 10001\n`,
      );
      expect(readFileSync(join(dir, 'shop/deploy/deployment.yaml'), 'utf8')).toBe(
        DEPLOYMENT(registry.host).replace('flask:1.0.0-r1"', 'flask:1.0.0-r2"'),
      );
      const again = await run(['outdated', 'shop/'], dir);
      expect(again.code, again.stdout + again.stderr).toBe(0);
    });

    it('after the -r2 rebuild the app init-app pinned is behind (exit 3), --write pins -r2; a rolling tag stays current', async () => {
      const behind = await run(['outdated', 'web', 'rolling'], dir);
      expect(behind.code, behind.stdout + behind.stderr).toBe(3);
      expect(behind.stdout).toMatch(
        new RegExp(`web/Dockerfile:\\d+:6  ${registry.host}/acme/flask:1\\.0\\.0-r1  BEHIND`),
      );
      expect(behind.stdout).toContain(`--write pins ${registry.host}/acme/flask:1.0.0-r2`);
      expect(behind.stdout).toMatch(
        new RegExp(`rolling/Dockerfile:\\d+:6  ${registry.host}/acme/flask:1\\.0\\.0  CURRENT`),
      );
      expect(behind.stdout).toContain('rolling tag: current by construction, now 1.0.0-r2');
      const write = await run(['outdated', 'web', '--write'], dir);
      expect(write.code, write.stdout + write.stderr).toBe(0);
      expect(write.stdout).toContain('wrote web/Dockerfile');
      expect(readFileSync(join(dir, 'web/Dockerfile'), 'utf8')).toContain(
        `\nFROM ${registry.host}/acme/flask:1.0.0-r2\n`,
      );
      expect((await run(['outdated', 'web'], dir)).code).toBe(0);
      const again = await run(['init-app', 'api', '--from', 'flask', '--json'], dir);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        from: `${registry.host}/acme/flask:1.0.0-r2`,
        pinnedFrom: '1.0.0',
      });
    });

    it('a version the catalog no longer has is retired (exit 3)', async () => {
      writeFileSync(join(dir, 'Dockerfile.old'), `FROM ${registry.host}/acme/flask:0.9.0-r4\n`);
      const result = await run(['outdated', 'Dockerfile.old'], dir);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stdout).toContain('RETIRED');
      expect(result.stdout).toContain('the catalog no longer has this version');
    });

    it('errors: an unknown image and a FROM with build args, with positions; nothing is written', async () => {
      const bad = join(dir, 'bad');
      mkdirSync(bad);
      writeFileSync(join(bad, 'Dockerfile'), `FROM ${registry.host}/acme/flsk:1.0.0-r1\n`);
      writeFileSync(join(bad, 'build.Dockerfile'), `ARG BASE=${registry.host}/acme/flask:1.0.0-r1\nFROM \${BASE}\n`);
      writeFileSync(join(bad, 'Containerfile'), `FROM ${registry.host}/acme/flask:1.0.0-r1\n`);
      const result = await run(['outdated', 'bad', '--write'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(
        `bad/Dockerfile:1:6: ${registry.host}/acme/flsk:1.0.0-r1: no image "flsk" in the catalog; did you mean "flask"?`,
      );
      expect(result.stderr).toContain('bad/build.Dockerfile:2:6: FROM ${BASE} depends on a build arg');
      expect(result.stderr).toContain('nothing written');
      expect(readFileSync(join(bad, 'Containerfile'), 'utf8')).toContain('flask:1.0.0-r1');
    });

    it('an unreachable registry is an error, not "current"', async () => {
      const host = `127.0.0.1:${await closedPort()}`;
      writeFileSync(join(dir, 'Dockerfile.gone'), `FROM ${host}/acme/flask:1.0.0-r1\n`);
      const result = await run(['outdated', 'Dockerfile.gone', '--registry', `${host}/acme`], dir, {
        CATALOG_REGISTRY_TIMEOUT: '5s',
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/cannot list tags of 127\.0\.0\.1:\d+\/acme\/flask/);
    });
  },
);
