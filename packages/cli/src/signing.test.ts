import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { signingFor, withRegistryAuth } from './signing.js';

const root = tempDir('signing-');
writeFileSync(join(root, 'team.key'), 'key');
const catalog = (signing: string) => ({
  ...loadCatalog(
    `registry: 127.0.0.1:5000/acme\nlabels: { source: https://git.example/catalog }\nsigning: ${signing}\nimages:\n  os: { kind: os, versions: { "13": {} } }\n`,
    'catalog.yaml',
  ),
  root,
});

describe('signingFor', () => {
  it("signs with the catalog's key file, relative to its folder, with the password from the environment", async () => {
    const signing = await signingFor(
      catalog('{ key: team.key }'),
      {},
      { env: { CATALOG_COSIGN_PASSWORD: 'pw' }, cwd: '/' },
      'buildah',
    );
    expect(signing.supply).toMatchObject({
      catalogId: 'https://git.example/catalog',
      signing: 'key',
      engine: 'buildah',
    });
    expect(signing.cosign).toEqual({
      key: join(root, 'team.key'),
      insecureRegistry: true,
      env: { COSIGN_PASSWORD: 'pw' },
    });
    expect(signing.notice).toEqual([
      `signing with ${join(root, 'team.key')}`,
      `verify with: catalog verify 127.0.0.1:5000/acme/<image>:<tag> --key ${join(root, 'team.pub')}`,
      `         or: cosign verify --key ${join(root, 'team.pub')} --insecure-ignore-tlog=true --allow-http-registry --allow-insecure-registry 127.0.0.1:5000/acme/<image>:<tag>`,
    ]);
  });

  it('passes a PEM key in CATALOG_COSIGN_KEY to cosign as env://', async () => {
    const env = { CATALOG_COSIGN_KEY: '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\nx' };
    const signing = await signingFor(catalog('key'), {}, { env, cwd: '/' }, 'buildah');
    expect(signing.cosign).toMatchObject({
      key: 'env://CATALOG_COSIGN_KEY',
      env: { CATALOG_COSIGN_KEY: env.CATALOG_COSIGN_KEY },
    });
  });

  it('off and --no-sign publish unsigned and say so; keyless needs no key', async () => {
    const off = await signingFor(catalog('off'), {}, { env: {}, cwd: '/' }, 'buildah');
    expect(off.cosign).toBeUndefined();
    expect(off.notice[0]).toMatch(/^publishing unsigned \(signing: off in the catalog\)/);
    const flag = await signingFor(catalog('key'), { sign: false }, { env: {}, cwd: '/' }, 'buildah');
    expect(flag.supply.signing).toBe('off');
    const keyless = await signingFor(catalog('keyless'), {}, { env: {}, cwd: '/' }, 'buildah');
    expect(keyless.cosign).toEqual({ keyless: true, insecureRegistry: true });
  });

  it('names the GitHub workflow as the builder in Actions', async () => {
    const env = {
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKFLOW_REF: 'acme/catalog/.github/workflows/main.yml@refs/heads/main',
    };
    const signing = await signingFor(catalog('keyless'), {}, { env, cwd: '/' }, 'buildah');
    expect(signing.supply.builderId).toBe('https://github.com/acme/catalog/.github/workflows/main.yml@refs/heads/main');
  });

  it('gives cosign the builder auth folder as DOCKER_CONFIG', () => {
    expect(withRegistryAuth({ key: 'k' }, '/tmp/auth-1/config.json')).toEqual({
      key: 'k',
      env: { DOCKER_CONFIG: '/tmp/auth-1' },
    });
    expect(withRegistryAuth({ key: 'k' }, undefined)).toEqual({ key: 'k' });
  });
});
