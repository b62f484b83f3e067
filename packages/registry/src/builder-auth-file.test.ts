import { spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  authFileContent,
  builderCredentials,
  removeStaleBuilderAuthFiles,
  withBuilderAuthFile,
  writeBuilderAuthFile,
} from './builder-auth-file.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');
const env = {
  CATALOG_REGISTRY_USERNAME: 'ci',
  CATALOG_REGISTRY_PASSWORD: 'p:w',
  REGISTRY_AUTH_FILE: '/a/auth.json',
};
const files: Record<string, unknown> = {
  '/a/auth.json': { auths: { 'quay.io': { auth: b64('robot:token') }, 'docker.io': { auth: b64('hub:pat') } } },
};
const options = {
  env,
  homeDir: '/home/ci',
  readFile: async (path: string) => (path in files ? JSON.stringify(files[path]) : undefined),
};

describe('builderCredentials', () => {
  it('takes the environment for the catalog registry and only auth files for the other hosts', async () => {
    const found = await builderCredentials(options, '127.0.0.1:5000', ['quay.io', 'ghcr.io', 'docker.io']);
    expect([...found].map(([host, c]) => [host, c.username, c.password])).toEqual([
      ['127.0.0.1:5000', 'ci', 'p:w'],
      ['quay.io', 'robot', 'token'],
      ['docker.io', 'hub', 'pat'],
    ]);
  });
});

describe('writeBuilderAuthFile', () => {
  it('writes a 0600 containers-auth.json in a 0700 folder, and removes both', async () => {
    const auth = await writeBuilderAuthFile(new Map([['127.0.0.1:5000', { username: 'ci', password: 'p:w' }]]));
    if (!auth) throw new Error('expected an auth file');
    const dir = auth.file.slice(0, auth.file.lastIndexOf('/'));
    expect(statSync(auth.file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(auth.file, 'utf8'))).toEqual({
      auths: { '127.0.0.1:5000': { auth: b64('ci:p:w') } },
    });
    await auth.remove();
    expect(existsSync(dir)).toBe(false);
    await auth.remove();
  });

  it("is also a DOCKER_CONFIG folder: the user's Docker settings without their credential keys, its other entries linked", async () => {
    const docker = mkdtempSync(join(tmpdir(), 'catalog-docker-config-'));
    mkdirSync(join(docker, 'buildx'));
    writeFileSync(
      join(docker, 'config.json'),
      JSON.stringify({
        currentContext: 'remote',
        credsStore: 'desktop',
        credHelpers: { 'ghcr.io': 'gh' },
        auths: { 'old.example': { auth: b64('old:pw') } },
      }),
    );
    const credentials = new Map([['127.0.0.1:5000', { username: 'ci', password: 'pw' }]]);
    const auth = await writeBuilderAuthFile(credentials, { dockerConfigDir: docker });
    if (!auth) throw new Error('expected an auth file');
    try {
      expect(auth.file.endsWith('/config.json')).toBe(true);
      expect(JSON.parse(readFileSync(auth.file, 'utf8'))).toEqual({
        currentContext: 'remote',
        auths: { '127.0.0.1:5000': { auth: b64('ci:pw') } },
      });
      const dir = auth.file.slice(0, auth.file.lastIndexOf('/'));
      expect(lstatSync(join(dir, 'buildx')).isSymbolicLink()).toBe(true);
    } finally {
      await auth.remove();
      rmSync(docker, { recursive: true, force: true });
    }
  });

  it('stores an identity token as docker does', () => {
    const entries = new Map([['r.example', { username: '<token>', password: '', identityToken: 'refresh' }]]);
    expect(JSON.parse(authFileContent(entries))).toEqual({
      auths: { 'r.example': { auth: b64('<token>:'), identitytoken: 'refresh' } },
    });
  });

  it('writes nothing without credentials', async () => {
    expect(await writeBuilderAuthFile(new Map())).toBeUndefined();
  });

  it('removes the file after the work, on success and on failure', async () => {
    const credentials = new Map([['r.example', { username: 'u', password: 'p' }]]);
    let seen = '';
    const used = await withBuilderAuthFile(credentials, async (file) => {
      seen = file ?? '';
      return 'done';
    });
    expect(used).toBe('done');
    expect(seen).not.toBe('');
    expect(existsSync(seen)).toBe(false);
    const failing = withBuilderAuthFile(credentials, async (file) => {
      seen = file ?? '';
      throw new Error('build failed');
    });
    await expect(failing).rejects.toThrow('build failed');
    expect(existsSync(seen)).toBe(false);
  });
});

describe('removeStaleBuilderAuthFiles', () => {
  it('removes the auth folders of runs that are gone, and nothing else', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'catalog-auth-sweep-'));
    try {
      const dead = spawnSync('true').pid as number;
      for (const name of [
        `catalog-auth-${dead}-abc123`,
        `catalog-auth-${process.pid}-abc123`,
        `catalog-auth-${process.ppid}-abc123`,
        'catalog-auth-xyz',
        `other-${dead}-abc123`,
      ]) {
        mkdirSync(join(parent, name));
        writeFileSync(join(parent, name, 'auth.json'), '{}');
      }
      expect(await removeStaleBuilderAuthFiles(parent)).toEqual([join(parent, `catalog-auth-${dead}-abc123`)]);
      expect(readdirSync(parent).sort()).toEqual(
        [
          `catalog-auth-${process.pid}-abc123`,
          `catalog-auth-${process.ppid}-abc123`,
          'catalog-auth-xyz',
          `other-${dead}-abc123`,
        ].sort(),
      );
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('names the folder it writes after this process', async () => {
    const auth = await writeBuilderAuthFile(new Map([['r.example', { username: 'u', password: 'p' }]]));
    expect(auth?.file).toMatch(new RegExp(`/catalog-auth-${process.pid}-[^/]+/config\\.json$`));
    await auth?.remove();
  });
});
