import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { authFileOf, builderAuth } from './builder-auth.js';

const { catalog } = loadCatalog(
  `registry: 127.0.0.1:5000/acme
images:
  os: { kind: os, from: "quay.io/acme/base:1", versions: { "1": {} } }
`,
  'catalog.yaml',
);
const env = {
  CATALOG_REGISTRY_USERNAME: 'ci',
  CATALOG_REGISTRY_PASSWORD: 'secret',
  HOME: '/nonexistent',
  DOCKER_CONFIG: '/nonexistent',
};

describe('builderAuth', () => {
  it('writes the environment credentials for the catalog registry into a 0600 auth file, removed after', async () => {
    const auth = await builderAuth(catalog.registry, catalog.nodes, { env });
    const file = auth.authFile ?? '';
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      auths: { '127.0.0.1:5000': { auth: Buffer.from('ci:secret').toString('base64') } },
    });
    expect(authFileOf(auth)).toEqual({ authFile: file });
    await auth.remove();
    expect(existsSync(file)).toBe(false);
  });

  it('writes nothing in a dry run or without credentials', async () => {
    expect((await builderAuth(catalog.registry, catalog.nodes, { env }, true)).authFile).toBe('<registry auth file>');
    const none = await builderAuth(catalog.registry, catalog.nodes, { env: { HOME: '/nonexistent' } });
    expect(authFileOf(none)).toEqual({});
  });
});
