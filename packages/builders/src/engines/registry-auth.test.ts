import { describe, expect, it } from 'vitest';
import { REQUEST } from '../../test/support/request.js';
import { createBuilder, type RunFn } from '../builder.js';
import type { ProcessResult, RunOptions } from '../run-process.js';
import { createSmokeTester } from '../smoke-test.js';
import { BUILDER_NAMES, createAdapter } from './index.js';

/** How each engine gets the run's temporary auth file (see the registry's writeBuilderAuthFile). */
const AUTH = '/tmp/catalog-auth-x/config.json';
const withAuth = { ...REQUEST, authFile: AUTH, secrets: [] };

describe('registry credentials reach every engine', () => {
  it('buildah and podman: --authfile in the build argv, no environment', () => {
    for (const name of ['buildah', 'podman'] as const) {
      const adapter = createAdapter(name);
      const argv = adapter.buildArgv(withAuth);
      expect(argv[argv.indexOf('--authfile') + 1]).toBe(AUTH);
      expect(adapter.buildEnv(withAuth)).toEqual({});
    }
  });

  it('docker and kaniko: DOCKER_CONFIG is the auth file’s folder, and the argv does not name it', () => {
    for (const name of ['docker', 'kaniko'] as const) {
      const adapter = createAdapter(name);
      expect(adapter.buildEnv(withAuth)).toEqual({ DOCKER_CONFIG: '/tmp/catalog-auth-x' });
      expect(adapter.buildArgv(withAuth).join(' ')).not.toContain('catalog-auth-x');
      expect(adapter.buildEnv({ ...withAuth, authFile: undefined } as never)).toEqual({});
      expect(() => adapter.buildEnv({ ...withAuth, authFile: '/tmp/auth.json' })).toThrow(/config.json/);
    }
  });

  it('every engine is covered', () => {
    expect([...BUILDER_NAMES].sort()).toEqual(['buildah', 'docker', 'kaniko', 'podman']);
  });

  it('the builder runs the build with the engine’s environment added to the caller’s', async () => {
    const seen: RunOptions[] = [];
    const run: RunFn = async (_argv, options) => {
      seen.push(options);
      return { exitCode: 1, signal: undefined, aborted: false, durationMs: 1, tail: [] };
    };
    const { ociLayoutDir: _none, ...request } = withAuth;
    await createBuilder('docker', {}, run).build(request, { env: { CATALOG_REFRESH: '1' } });
    expect(seen[0]?.env).toEqual({ CATALOG_REFRESH: '1', DOCKER_CONFIG: '/tmp/catalog-auth-x' });
    await createBuilder('buildah', {}, run).build(request, { env: { CATALOG_REFRESH: '1' } });
    expect(seen[1]?.env).toEqual({ CATALOG_REFRESH: '1' });
  });

  it('smoke tests pulling from the registry: podman with --authfile, docker with DOCKER_CONFIG', async () => {
    const calls: { argv: string[]; env: RunOptions['env'] }[] = [];
    const run = async (argv: readonly string[], options: RunOptions): Promise<ProcessResult> => {
      calls.push({ argv: [...argv], env: options.env });
      return { exitCode: 0, signal: undefined, aborted: false, durationMs: 1, tail: [] };
    };
    const source = { pull: 'always', tlsVerify: false, authFile: AUTH } as const;
    const test = { name: 't', run: ['true'] };
    await createSmokeTester('podman', {}, run, source)('r.example/a:1', test);
    await createSmokeTester('docker', {}, run, source)('r.example/a:1', test);
    expect(calls[0]).toEqual({
      argv: [
        'podman',
        'run',
        '--rm',
        '--pull=always',
        '--tls-verify=false',
        '--authfile',
        AUTH,
        'r.example/a:1',
        'true',
      ],
      env: undefined,
    });
    expect(calls[1]).toEqual({
      argv: ['docker', 'run', '--rm', '--pull=always', 'r.example/a:1', 'true'],
      env: { DOCKER_CONFIG: '/tmp/catalog-auth-x' },
    });
  });
});
