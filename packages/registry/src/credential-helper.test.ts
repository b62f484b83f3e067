import { describe, expect, it } from 'vitest';
import { CredentialHelperError, credentialsFromHelper, type HelperOutput, helperServer } from './credential-helper.js';
import { credentialsInConfig, defaultCredentialProvider } from './credentials.js';

const b64 = (text: string) => Buffer.from(text).toString('base64');

/** A helper runner that answers from a table and records what it was asked. */
function helpers(answers: Record<string, HelperOutput>) {
  const asked: string[] = [];
  const run = async (argv: readonly string[], input: string): Promise<HelperOutput> => {
    asked.push(`${argv.join(' ')} < ${input}`);
    const answer = answers[argv[0] ?? ''];
    if (!answer) throw new Error(`cannot start ${argv[0]}: not found`);
    return answer;
  };
  return { run, asked };
}

const ok = (username: string, secret: string): HelperOutput => ({
  exitCode: 0,
  stdout: JSON.stringify({ ServerURL: 'x', Username: username, Secret: secret }),
  stderr: '',
});

describe('credentialsInConfig', () => {
  const config = JSON.stringify({
    auths: { 'r.example': { auth: b64('file:pw') }, 'plain.example': { auth: b64('plain:pw') } },
    credHelpers: { 'r.example': 'pass', 'https://ghcr.io': 'gh' },
    credsStore: 'desktop',
  });

  it("asks the host's helper first, then the default store, then auths", async () => {
    const { run, asked } = helpers({
      'docker-credential-pass': ok('robot', 's3cret'),
      'docker-credential-gh': ok('octo', 'ghp'),
      'docker-credential-desktop': { exitCode: 1, stdout: 'credentials not found in native keychain\n', stderr: '' },
    });
    expect(await credentialsInConfig(config, 'r.example', '/c.json', run)).toEqual({
      username: 'robot',
      password: 's3cret',
      source: 'docker-credential-pass (configured in /c.json (credHelpers))',
    });
    expect((await credentialsInConfig(config, 'ghcr.io', '/c.json', run))?.username).toBe('octo');
    // The store holds nothing for this host: the auths entry answers.
    expect((await credentialsInConfig(config, 'plain.example', '/c.json', run))?.username).toBe('plain');
    expect(asked).toEqual([
      'docker-credential-pass get < r.example',
      'docker-credential-gh get < ghcr.io',
      'docker-credential-desktop get < plain.example',
    ]);
  });

  it('takes a <token> username as an identity token, as docker does', async () => {
    const { run } = helpers({ 'docker-credential-pass': ok('<token>', 'refresh-me') });
    expect(await credentialsInConfig(config, 'r.example', '/c.json', run)).toMatchObject({
      username: '<token>',
      password: '',
      identityToken: 'refresh-me',
    });
  });

  it('asks for Docker Hub under its v1 address', async () => {
    expect(helperServer('docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServer('index.docker.io')).toBe('https://index.docker.io/v1/');
    expect(helperServer('127.0.0.1:5000')).toBe('127.0.0.1:5000');
  });
});

describe('a helper that is missing or fails', () => {
  const file = JSON.stringify({ credHelpers: { 'r.example': 'pass' } });

  it('is a typed error naming the helper and the registry, never the secret', async () => {
    const missing = await credentialsInConfig(file, 'r.example', '/c.json', helpers({}).run).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(CredentialHelperError);
    expect(missing).toMatchObject({ helper: 'docker-credential-pass', host: 'r.example', exitCode: 1 });
    expect((missing as Error).message).toContain('docker-credential-pass');
    expect((missing as Error).message).toContain('r.example');
    expect((missing as CredentialHelperError).hint).toContain('install docker-credential-pass');

    const failing = helpers({
      'docker-credential-pass': { exitCode: 2, stdout: '', stderr: 'gpg: decryption failed\n' },
    });
    await expect(credentialsInConfig(file, 'r.example', '/c.json', failing.run)).rejects.toThrow(
      /docker-credential-pass: it exited 2 \(gpg: decryption failed\)/,
    );
    const garbled = helpers({ 'docker-credential-pass': { exitCode: 0, stdout: 'Secret=hunter2', stderr: '' } });
    const error = await credentialsInConfig(file, 'r.example', '/c.json', garbled.run).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialHelperError);
    expect(JSON.stringify({ m: (error as Error).message, h: (error as CredentialHelperError).hint })).not.toContain(
      'hunter2',
    );
  });

  it('is an error where no helper can be run, and a bad helper name never starts anything', async () => {
    await expect(credentialsFromHelper(undefined, 'pass', 'r.example', '/c.json')).rejects.toThrow(
      'this command cannot run credential helpers',
    );
    const { run, asked } = helpers({});
    await expect(credentialsFromHelper(run, '../../bin/sh', 'r.example', '/c.json')).rejects.toThrow(
      'is not a helper name',
    );
    expect(asked).toEqual([]);
  });
});

describe('defaultCredentialProvider with helpers', () => {
  it('finds helper credentials in the Docker config, after the environment', async () => {
    const { run } = helpers({ 'docker-credential-pass': ok('robot', 's3cret') });
    const files: Record<string, string> = {
      '/cfg/config.json': JSON.stringify({ credHelpers: { '127.0.0.1:5000': 'pass' } }),
    };
    const readFile = async (path: string) => files[path];
    const options = { env: { DOCKER_CONFIG: '/cfg' }, readFile, homeDir: '/home/u', runHelper: run };
    expect((await defaultCredentialProvider(options).get('127.0.0.1:5000'))?.username).toBe('robot');
    const env = { ...options.env, CATALOG_REGISTRY_USERNAME: 'ci', CATALOG_REGISTRY_PASSWORD: 'pw' };
    expect((await defaultCredentialProvider({ ...options, env }).get('127.0.0.1:5000'))?.username).toBe('ci');
  });
});
