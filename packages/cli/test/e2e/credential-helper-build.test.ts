import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { workspaceKey } from '@catalog/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run } from '../test-io.js';
import { e2eSkipReason, REPO } from './fixture.js';

/**
 * `catalog build --push` to a password-protected registry whose credentials only a credential
 * helper on PATH knows (Docker config `credHelpers`): the registry client and buildah's FROM pull
 * both get them, so a child whose parent is only in the registry builds. Local images are removed
 * afterwards; no container is left (--force-rm, no smoke tests).
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/bin/htpasswd']);

const catalog = (registry: string) => `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  base:
    kind: os
    versions: { "1": {} }
  child:
    kind: app
    from: base:1
    versions: { "1.0.0": {} }
`;

function buildah(...args: string[]) {
  return spawnSync('buildah', ['--storage-driver', 'vfs', ...args], { encoding: 'utf8' });
}

/** Removes (by ID) the local images whose name contains one of `parts`; returns how many it found. */
function removeImages(...parts: string[]): number {
  const lines = buildah('images', '--format', '{{.ID}} {{.Name}}:{{.Tag}}').stdout.split('\n');
  const ids = lines.filter((line) => parts.some((part) => line.includes(part))).map((line) => line.split(' ')[0] ?? '');
  for (const id of new Set(ids)) buildah('rmi', '-f', id);
  return ids.length;
}

describe.skipIf(skip)(`a publish with a credential helper ${skip ? `(skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    registry = await startLocalRegistry({ auth: 'htpasswd' });
    dir = tempDir('catalog-helper-build-');
    cpSync(join(REPO, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
    for (const image of ['base', 'child']) mkdirSync(join(dir, 'images', image));
    writeFileSync(join(dir, 'images/base/hello.txt'), 'hello\n');
    writeFileSync(join(dir, 'images/base/Dockerfile.hbs'), 'FROM scratch\nCOPY hello.txt /\n{{> labels}}\n');
    writeFileSync(join(dir, 'images/child/child.txt'), 'one\n');
    writeFileSync(
      join(dir, 'images/child/Dockerfile.hbs'),
      '{{> base-image}}\nFROM ${BASE_IMAGE}\nCOPY child.txt /\n{{> labels}}\n',
    );
    writeFileSync(join(dir, 'catalog.yaml'), catalog(`${registry.host}/acme`));
    const { username, password } = registry.credentials ?? { username: '', password: '' };
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'docker-credential-e2e'),
      `#!/bin/sh\nread -r server\n[ "$server" = "${registry.host}" ] || { echo "credentials not found in native keychain"; exit 1; }\nprintf '{"Username":"${username}","Secret":"${password}"}'\n`,
    );
    chmodSync(join(bin, 'docker-credential-e2e'), 0o755);
    mkdirSync(join(dir, 'docker'));
    writeFileSync(join(dir, 'docker/config.json'), JSON.stringify({ credHelpers: { [registry.host]: 'e2e' } }));
    env = { PATH: `${bin}:${process.env.PATH ?? ''}`, DOCKER_CONFIG: join(dir, 'docker'), CI: '1' };
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('publishes the chain, then builds the child from the parent in the registry alone', async () => {
    const first = await run(['build', '--push', '--no-test'], dir, env);
    expect(first.code, first.stderr + first.stdout).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'out/last-build.json'), 'utf8')) as {
      nodes: { id: string; status: string }[];
    };
    expect(report.nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['base:1 built', 'child:1.0.0 built']);
    // Only the registry has the parent now.
    const key = `catalog-${workspaceKey(join(dir, 'out'))}`;
    expect(removeImages(`${key}/`, `${registry.host}/acme/`)).toBeGreaterThan(0);
    writeFileSync(join(dir, 'images/child/child.txt'), 'two\n');
    const second = await run(['build', '--push', '--no-test', 'child'], dir, env);
    expect(second.code, second.stderr + second.stdout).toBe(0);
    const again = JSON.parse(readFileSync(join(dir, 'out/last-build.json'), 'utf8')) as {
      nodes: { id: string; status: string }[];
    };
    expect(again.nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['child:1.0.0 built']);
    removeImages(`${key}/`, `${registry.host}/acme/`);
  }, 600_000);
});
