import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultCredentialProvider, RegistryClient, RegistryError } from '../src/index.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
import { type TestImage, writeTestOciLayout } from './oci-fixture.js';
import { recordingFetch } from './request-log.js';

const skip = localRegistrySkipReason({ auth: 'htpasswd' });
const WRONG_PASSWORD = 'wrong-password-1234';

describe.skipIf(skip)(`a real registry with htpasswd auth${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let work: string;
  let emptyHome: string;
  let image: TestImage;
  const sleep = vi.fn(async () => {});

  beforeAll(async () => {
    registry = await startLocalRegistry({ auth: 'htpasswd' });
    work = await mkdtemp(join(tmpdir(), 'catalog-registry-auth-'));
    emptyHome = join(work, 'home');
    image = await writeTestOciLayout(join(work, 'image'), { labels: { secured: 'yes' } });
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  /** A client that reads credentials the default way from `env`, with a home folder without auth files. */
  function clientWith(env: Record<string, string>, fetch?: typeof globalThis.fetch): RegistryClient {
    return new RegistryClient({
      env,
      credentials: defaultCredentialProvider({ env, homeDir: emptyHome }),
      retry: { sleep },
      ...(fetch ? { fetch } : {}),
    });
  }

  it('pushes, tags and reads with credentials from the environment', async () => {
    const { username, password } = registry.credentials ?? { username: '', password: '' };
    const log = recordingFetch();
    const client = clientWith({ CATALOG_REGISTRY_USERNAME: username, CATALOG_REGISTRY_PASSWORD: password }, log.fetch);
    const repo = `${registry.host}/acme/secure`;
    const pushed = await client.pushOciLayout(image.layoutDir, repo);
    expect(pushed.digest).toBe(image.manifestDigest);
    await client.tag(repo, pushed.digest, '1.0');
    expect((await client.resolve(`${repo}:1.0`))?.digest).toBe(image.manifestDigest);
    expect(await client.imageLabels(`${repo}:1.0`)).toEqual({ secured: 'yes' });
    // Only the first request was answered 401 and repeated; later ones carry Basic credentials up front.
    const heads = log.requests.filter((r) => r.startsWith('HEAD /v2/acme/secure/manifests/'));
    expect(heads).toEqual([
      `HEAD /v2/acme/secure/manifests/${image.manifestDigest}`,
      `HEAD /v2/acme/secure/manifests/${image.manifestDigest}`,
      'HEAD /v2/acme/secure/manifests/1.0',
    ]);
  });

  it('fails with a 401 and says where to put credentials when there are none', async () => {
    const error = await clientWith({})
      .resolve(`${registry.host}/acme/secure:1.0`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401, host: registry.host, exitCode: 1 });
    const hint = (error as RegistryError).hint ?? '';
    expect(hint).toContain('no credentials');
    expect(hint).toContain('CATALOG_REGISTRY_USERNAME');
    expect(hint).toContain(join(emptyHome, '.docker', 'config.json'));
    expect(sleep).not.toHaveBeenCalled();
  });

  it('names the auth file whose credentials were refused, without showing them', async () => {
    const authFile = join(work, 'auth.json');
    const auth = Buffer.from(`${registry.credentials?.username}:${WRONG_PASSWORD}`).toString('base64');
    await writeFile(authFile, JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const error = (await clientWith({ REGISTRY_AUTH_FILE: authFile })
      .resolve(`${registry.host}/acme/secure:1.0`)
      .catch((e: unknown) => e)) as RegistryError;
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.hint).toContain(authFile);
    expect(`${error.message} ${error.hint}`).not.toContain(WRONG_PASSWORD);
    expect(`${error.message} ${error.hint}`).not.toContain(auth);
  });

  it('reads working credentials from an auth file', async () => {
    const authFile = join(work, 'good-auth.json');
    const { username, password } = registry.credentials ?? { username: '', password: '' };
    await writeFile(authFile, JSON.stringify({ auths: { [`http://${registry.host}`]: { username, password } } }));
    const resolved = await clientWith({ REGISTRY_AUTH_FILE: authFile }).resolve(`${registry.host}/acme/secure:1.0`);
    expect(resolved?.digest).toBe(image.manifestDigest);
  });
});
