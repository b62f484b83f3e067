import { describe, expect, it } from 'vitest';
import { authFilePaths, credentialsInAuthFile, defaultCredentialProvider } from './credentials.js';
import { RegistryError } from './errors.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

function provider(env: Record<string, string>, files: Record<string, unknown>) {
  const read = async (path: string) => (path in files ? JSON.stringify(files[path]) : undefined);
  return defaultCredentialProvider({ env, readFile: read, homeDir: '/home/ci' });
}

describe('defaultCredentialProvider', () => {
  it('prefers the environment, for any host', async () => {
    const found = await provider({ CATALOG_REGISTRY_USERNAME: 'ci', CATALOG_REGISTRY_PASSWORD: 'pw' }, {}).get(
      'ghcr.io',
    );
    expect(found).toEqual({
      username: 'ci',
      password: 'pw',
      source: 'CATALOG_REGISTRY_USERNAME/CATALOG_REGISTRY_PASSWORD',
    });
  });

  it('searches the auth files in order and takes the first with an entry for the host', async () => {
    const env = { REGISTRY_AUTH_FILE: '/a/auth.json', XDG_RUNTIME_DIR: '/run/user/0' };
    const files = {
      '/a/auth.json': { auths: { 'other.example': { auth: b64('x:y') } } },
      '/run/user/0/containers/auth.json': {
        auths: { 'registry.example:5000': { auth: b64('first:one:with:colons') } },
      },
      '/home/ci/.docker/config.json': { auths: { 'registry.example:5000': { auth: b64('second:two') } } },
    };
    expect(await provider(env, files).get('registry.example:5000')).toEqual({
      username: 'first',
      password: 'one:with:colons',
      source: '/run/user/0/containers/auth.json',
    });
    expect(await provider(env, files).get('nothing.example')).toBeUndefined();
  });

  it("understands Docker Hub's keys and username/password entries", async () => {
    const files = {
      '/home/ci/.docker/config.json': {
        auths: {
          'https://index.docker.io/v1/': { auth: b64('hub:token') },
          'http://127.0.0.1:5000': { username: 'u', password: 'p' },
        },
      },
    };
    expect(await provider({}, files).get('docker.io')).toMatchObject({ username: 'hub', password: 'token' });
    expect(await provider({}, files).get('127.0.0.1:5000')).toMatchObject({ username: 'u', password: 'p' });
  });

  it('lists where it looks', () => {
    expect(authFilePaths({ DOCKER_CONFIG: '/etc/docker-ci' }, '/home/ci')).toEqual([
      '/home/ci/.config/containers/auth.json',
      '/etc/docker-ci/config.json',
    ]);
    expect(provider({}, {}).locations[0]).toBe('CATALOG_REGISTRY_USERNAME/CATALOG_REGISTRY_PASSWORD');
  });
});

it('reports an auth file that is not JSON, without its content', () => {
  expect(() => credentialsInAuthFile('{"auths": {"x": secret', 'x', '/a/auth.json')).toThrow(RegistryError);
  expect(() => credentialsInAuthFile('{"auths": {"x": secret', 'x', '/a/auth.json')).toThrow(
    /auth.json is not valid JSON/,
  );
});
