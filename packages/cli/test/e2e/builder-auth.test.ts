import { chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createBuilder } from '@catalog/builders';
import { CredentialHelperError, RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { builderAuth } from '../../src/builder-auth.js';
import { registryClient } from '../../src/registry-client.js';
import { e2eSkipReason } from './fixture.js';

/**
 * A child built whose parent is only in a password-protected registry, with the credentials in
 * CATALOG_REGISTRY_USERNAME/PASSWORD: the builder's FROM pull gets them through the auth file.
 * buildah runs on a temporary storage root, removed afterwards (no container is left).
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/bin/htpasswd']);

describe.skipIf(skip)(`builder credentials from the environment ${skip ? `(skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let dir: string;
  beforeAll(async () => {
    registry = await startLocalRegistry({ auth: 'htpasswd' });
    dir = tempDir('catalog-auth-e2e-');
    await writeFile(join(dir, 'hello.txt'), 'hello\n');
    await writeFile(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY hello.txt /\n');
    await writeFile(join(dir, 'Dockerfile.child'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY hello.txt /child.txt\n');
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('pulls the parent from the registry with the environment credentials', async () => {
    const settings = { storageDriver: 'vfs', isolation: 'chroot', root: join(dir, 'root'), runRoot: join(dir, 'run') };
    const builder = createBuilder('buildah', settings);
    const { username, password } = registry.credentials ?? { username: '', password: '' };
    const parent = await builder.build({
      contextDir: dir,
      dockerfile: join(dir, 'Dockerfile'),
      image: 'catalog-build/auth-parent:1',
      buildArgs: {},
      iidFile: join(dir, 'parent.iid'),
      pull: 'never',
      layers: true,
      ociLayoutDir: join(dir, 'parent-layout'),
    });
    expect(parent, parent.tail.join('\n')).toMatchObject({ ok: true });
    const client = new RegistryClient({
      env: {},
      credentials: staticCredentials({ [registry.host]: { username, password } }),
    });
    const pushed = await client.pushOciLayout(join(dir, 'parent-layout'), `${registry.host}/acme/parent`);
    await client.tag(`${registry.host}/acme/parent`, pushed.digest, '1');
    // The parent is now only in the registry.
    expect(await builder.remove('catalog-build/auth-parent:1')).toMatchObject({ exitCode: 0 });

    const child = (authFile?: string) =>
      builder.build({
        contextDir: dir,
        dockerfile: join(dir, 'Dockerfile.child'),
        image: 'catalog-build/auth-child:1',
        buildArgs: { BASE_IMAGE: `${registry.host}/acme/parent:1` },
        iidFile: join(dir, 'child.iid'),
        pull: 'missing',
        tlsVerify: false,
        layers: true,
        ...(authFile ? { authFile } : {}),
      });
    const env = { CATALOG_REGISTRY_USERNAME: username, CATALOG_REGISTRY_PASSWORD: password, HOME: dir };
    const without = await child();
    expect(without.ok).toBe(false);
    const auth = await builderAuth(`${registry.host}/acme`, [], { env });
    try {
      const result = await child(auth.authFile);
      expect(result, result.tail.join('\n')).toMatchObject({ ok: true });
    } finally {
      await auth.remove();
    }
    expect(await builder.remove('catalog-build/auth-child:1')).toMatchObject({ exitCode: 0 });
    expect(await builder.remove(`${registry.host}/acme/parent:1`)).toMatchObject({ exitCode: 0 });
  }, 180_000);

  it('takes the credentials from a credential helper on PATH, for the client and the builder', async () => {
    const { username, password } = registry.credentials ?? { username: '', password: '' };
    const bin = join(dir, 'bin');
    const docker = join(dir, 'docker');
    await mkdir(bin, { recursive: true });
    await mkdir(docker, { recursive: true });
    // A real helper, as docker runs it: `get`, the server on stdin, JSON on stdout.
    const helper = join(bin, 'docker-credential-catalogtest');
    await writeFile(
      helper,
      `#!/bin/sh
[ "$1" = get ] || exit 2
read -r server
if [ "$server" = "${registry.host}" ]; then
  printf '{"ServerURL":"%s","Username":"${username}","Secret":"${password}"}\n' "$server"
else
  echo "credentials not found in native keychain"; exit 1
fi
`,
    );
    await chmod(helper, 0o755);
    const useHelper = async (name: string) =>
      writeFile(join(docker, 'config.json'), JSON.stringify({ credHelpers: { [registry.host]: name } }));
    const env = { PATH: `${bin}:${process.env.PATH ?? ''}`, DOCKER_CONFIG: docker, HOME: dir };
    await useHelper('catalogtest');
    const signal = new AbortController().signal;
    expect(await registryClient({ env }, signal).listTags(`${registry.host}/acme/parent`)).toContain('1');

    const auth = await builderAuth(`${registry.host}/acme`, [], { env });
    try {
      const result = await createBuilder('buildah', {
        storageDriver: 'vfs',
        isolation: 'chroot',
        root: join(dir, 'root'),
        runRoot: join(dir, 'run'),
      }).build({
        contextDir: dir,
        dockerfile: join(dir, 'Dockerfile.child'),
        image: 'catalog-build/auth-child:2',
        buildArgs: { BASE_IMAGE: `${registry.host}/acme/parent:1` },
        iidFile: join(dir, 'child2.iid'),
        pull: 'missing',
        tlsVerify: false,
        layers: true,
        ...(auth.authFile ? { authFile: auth.authFile } : {}),
      });
      expect(result, result.tail.join('\n')).toMatchObject({ ok: true });
    } finally {
      await auth.remove();
    }
    const builder = createBuilder('buildah', {
      storageDriver: 'vfs',
      root: join(dir, 'root'),
      runRoot: join(dir, 'run'),
    });
    expect(await builder.remove('catalog-build/auth-child:2')).toMatchObject({ exitCode: 0 });
    expect(await builder.remove(`${registry.host}/acme/parent:1`)).toMatchObject({ exitCode: 0 });

    // A helper that is not installed: a typed error naming it and the registry, never the password.
    await useHelper('catalog-absent');
    const missing = await registryClient({ env }, signal)
      .listTags(`${registry.host}/acme/parent`)
      .catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(CredentialHelperError);
    expect(missing).toMatchObject({ helper: 'docker-credential-catalog-absent', host: registry.host });
    expect(JSON.stringify([(missing as Error).message, (missing as CredentialHelperError).hint])).not.toContain(
      password,
    );
    await expect(builderAuth(`${registry.host}/acme`, [], { env })).rejects.toThrow(/docker-credential-catalog-absent/);
  }, 180_000);
});
