import { describe, expect, it } from 'vitest';
import { PARENT, REQUEST } from '../../test/support/request.js';
import { buildahSmokeArgv } from './buildah.js';
import type { SmokeTestSpec } from './engine.js';
import { createAdapter } from './index.js';

const test: SmokeTestSpec = { name: 'uid', run: ['id', '-u'], user: '1000770000:0', expect: '1000770000' };

describe('buildah adapter', () => {
  const buildah = createAdapter('buildah');

  it('builds with vfs and chroot by default, flags in a fixed order', () => {
    expect(buildah.buildArgv(REQUEST)).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'build',
      '--isolation',
      'chroot',
      '--format',
      'oci',
      '--file',
      '/work/out/flask/3.1.1-python3.13/Dockerfile',
      '--tag',
      'catalog-build/flask:3.1.1-python3.13',
      '--iidfile',
      '/work/out/flask/3.1.1-python3.13.iid',
      '--pull=missing',
      '--layers=true',
      '--force-rm',
      '--tls-verify=false',
      '--timestamp',
      '1748779200',
      '--build-arg',
      `BASE_DIGEST=sha256:${'a'.repeat(64)}`,
      '--build-arg',
      `BASE_IMAGE=${PARENT}`,
      '--build-arg',
      'BUILD_CREATED=2025-06-01T12:00:00Z',
      '--label',
      'io.acme.catalog.build=r1',
      '--label',
      'io.acme.catalog.id=flask:3.1.1-python3.13',
      '--secret',
      'id=pip-conf,src=/run/secrets/pip.conf',
      '/work/out/flask/3.1.1-python3.13',
    ]);
  });

  it('puts storage flags before the subcommand and extra args before the context', () => {
    const custom = createAdapter('buildah', {
      storageDriver: 'overlay',
      isolation: 'oci',
      root: '/tmp/s/root',
      runRoot: '/tmp/s/run',
      extraArgs: ['--jobs', '2'],
      binary: '/opt/buildah',
    });
    const argv = custom.buildArgv({ ...REQUEST, labels: undefined, secrets: undefined, platform: 'linux/arm64' });
    expect(argv.slice(0, 8)).toEqual([
      '/opt/buildah',
      '--storage-driver',
      'overlay',
      '--root',
      '/tmp/s/root',
      '--runroot',
      '/tmp/s/run',
      'build',
    ]);
    expect(argv.slice(8, 10)).toEqual(['--isolation', 'oci']);
    expect(argv.slice(-3)).toEqual(['--jobs', '2', '/work/out/flask/3.1.1-python3.13']);
    expect(argv).toContain('linux/arm64');
    expect(argv).not.toContain('--label');
  });

  it('omits optional flags that are not asked for', () => {
    const argv = buildah.buildArgv({
      contextDir: 'ctx',
      dockerfile: 'ctx/Dockerfile',
      image: 'catalog-build/x:1',
      buildArgs: {},
      iidFile: 'x.iid',
    });
    expect(argv).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'build',
      '--isolation',
      'chroot',
      '--format',
      'oci',
      '--file',
      'ctx/Dockerfile',
      '--tag',
      'catalog-build/x:1',
      '--iidfile',
      'x.iid',
      'ctx',
    ]);
  });

  it('hands the registry credentials to FROM pulls with --authfile, after --pull', () => {
    const argv = buildah.buildArgv({ ...REQUEST, authFile: '/tmp/catalog-auth-x/auth.json' });
    const pull = argv.indexOf('--pull=missing');
    expect(argv.slice(pull, pull + 4)).toEqual([
      '--pull=missing',
      '--authfile',
      '/tmp/catalog-auth-x/auth.json',
      '--layers=true',
    ]);
    expect(createAdapter('podman').buildArgv({ ...REQUEST, authFile: '/a.json' })).toContain('--authfile');
    const from = buildahSmokeArgv({}, { pull: 'always', authFile: '/a.json' }).from('img');
    expect(from.slice(-3)).toEqual(['/a.json', '--quiet', 'img']);
    expect(from).toContain('--authfile');
  });

  it('exports with push --format oci to an oci: layout, with a digest file', () => {
    expect(buildah.exportsDuringBuild).toBe(false);
    expect(
      buildah.exportArgv({
        image: 'catalog-build/flask:3.1.1-python3.13',
        ociLayoutDir: '/work/out/layouts/flask',
        digestFile: '/work/out/flask.digest',
      }),
    ).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'push',
      '--format',
      'oci',
      '--digestfile',
      '/work/out/flask.digest',
      'catalog-build/flask:3.1.1-python3.13',
      'oci:/work/out/layouts/flask',
    ]);
  });

  it('builds and exports an image that asks for the docker format (HEALTHCHECK) as Docker v2s2', () => {
    const build = buildah.buildArgv({ ...REQUEST, format: 'docker-v2s2' });
    expect(build.slice(build.indexOf('--format'), build.indexOf('--format') + 2)).toEqual(['--format', 'docker']);
    const exported = buildah.exportArgv({ image: 'x', ociLayoutDir: '/out/x', format: 'docker-v2s2' });
    expect(exported).toEqual(['buildah', '--storage-driver', 'vfs', 'push', '--format', 'v2s2', 'x', 'oci:/out/x']);
    const podman = createAdapter('podman');
    expect(podman.buildArgv({ ...REQUEST, format: 'docker-v2s2' }).join(' ')).toContain('--format docker');
    expect(podman.exportArgv({ image: 'x', ociLayoutDir: '/out/x', format: 'docker-v2s2' })?.join(' ')).toContain(
      'push --format v2s2 x oci:/out/x',
    );
    expect(buildah.buildArgv({ ...REQUEST, format: 'oci' }).join(' ')).toContain('--format oci');
  });

  it('removes local images with rmi', () => {
    expect(buildah.removeArgv('catalog-build/x:1')).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'rmi',
      'catalog-build/x:1',
    ]);
  });

  it('rejects what it cannot express', () => {
    expect(() => buildah.buildArgv({ ...REQUEST, destinations: ['r/x:1'] })).toThrow(/does not push during the build/);
    expect(() => buildah.exportArgv({ image: 'x', ociLayoutDir: '/a:b' })).toThrow(/contains ":"/);
    expect(() => buildah.buildArgv({ ...REQUEST, buildArgs: { 'A=B': '1' } })).toThrow(/invalid --build-arg name/);
    expect(() => buildah.buildArgv({ ...REQUEST, secrets: [{ id: 'a b', src: 'f' }] })).toThrow(/invalid secret id/);
    expect(() => buildah.buildArgv({ ...REQUEST, secrets: [{ id: 'a', src: 'f,g' }] })).toThrow(
      /invalid file for secret a/,
    );
  });

  it('never turns secrets into build args', () => {
    const argv = buildah.buildArgv(REQUEST);
    expect(argv.filter((word) => word.includes('pip.conf'))).toEqual(['id=pip-conf,src=/run/secrets/pip.conf']);
    expect(argv[argv.indexOf('id=pip-conf,src=/run/secrets/pip.conf') - 1]).toBe('--secret');
  });

  it('uses a buildah working container with the configured storage and isolation', () => {
    const argv = buildahSmokeArgv({});
    expect(argv.from('localhost/catalog/python:3.13.5')).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'from',
      '--pull=never',
      '--quiet',
      'localhost/catalog/python:3.13.5',
    ]);
    expect(argv.run('python-working-container', test)).toEqual([
      'buildah',
      '--storage-driver',
      'vfs',
      'run',
      '--isolation',
      'chroot',
      '--user',
      '1000770000:0',
      'python-working-container',
      '--',
      'id',
      '-u',
    ]);
    expect(argv.remove('c')).toEqual(['buildah', '--storage-driver', 'vfs', 'rm', 'c']);
  });
});

describe('buildah: one stage of a Dockerfile', () => {
  it('passes --target for a request that builds a compiled artifact stage alone', () => {
    const argv = createAdapter('buildah').buildArgv({ ...REQUEST, target: 'artifact' });
    expect(argv.slice(argv.indexOf('--target'), argv.indexOf('--target') + 2)).toEqual(['--target', 'artifact']);
    expect(createAdapter('buildah').buildArgv(REQUEST)).not.toContain('--target');
  });
});
