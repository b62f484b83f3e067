import { describe, expect, it } from 'vitest';
import { PARENT, REQUEST } from '../../test/support/request.js';
import { runRmArgv } from '../argv.js';
import { createAdapter } from './index.js';

const test = { name: 'uid', run: ['id', '-u'], user: '1000770000:0', expect: '1000770000' };
const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('podman adapter', () => {
  const podman = createAdapter('podman');

  it('builds like buildah, without forcing a storage driver or isolation', () => {
    expect(podman.buildArgv(REQUEST)).toEqual([
      'podman',
      'build',
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
      `BASE_DIGEST=${DIGEST}`,
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

  it('exports with push to an oci: layout and removes with rmi', () => {
    const withVfs = createAdapter('podman', { storageDriver: 'vfs' });
    expect(withVfs.exportArgv({ image: 'catalog-build/x:1', ociLayoutDir: '/out/x' })).toEqual([
      'podman',
      '--storage-driver',
      'vfs',
      'push',
      '--format',
      'oci',
      'catalog-build/x:1',
      'oci:/out/x',
    ]);
    expect(podman.removeArgv('catalog-build/x:1')).toEqual(['podman', 'rmi', 'catalog-build/x:1']);
  });
});

describe('docker adapter', () => {
  const docker = createAdapter('docker');

  it('writes the OCI layout during the build; the timestamp becomes SOURCE_DATE_EPOCH', () => {
    expect(docker.exportsDuringBuild).toBe(true);
    expect(docker.buildArgv({ ...REQUEST, ociLayoutDir: '/work/out/layouts/flask', pull: 'always' })).toEqual([
      'docker',
      'buildx',
      'build',
      '--file',
      '/work/out/flask/3.1.1-python3.13/Dockerfile',
      '--tag',
      'catalog-build/flask:3.1.1-python3.13',
      '--iidfile',
      '/work/out/flask/3.1.1-python3.13.iid',
      '--provenance=false',
      '--pull',
      '--build-arg',
      `BASE_DIGEST=${DIGEST}`,
      '--build-arg',
      `BASE_IMAGE=${PARENT}`,
      '--build-arg',
      'BUILD_CREATED=2025-06-01T12:00:00Z',
      '--build-arg',
      'SOURCE_DATE_EPOCH=1748779200',
      '--label',
      'io.acme.catalog.build=r1',
      '--label',
      'io.acme.catalog.id=flask:3.1.1-python3.13',
      '--secret',
      'id=pip-conf,src=/run/secrets/pip.conf',
      '--output',
      'type=oci,dest=/work/out/layouts/flask,tar=false',
      '/work/out/flask/3.1.1-python3.13',
    ]);
  });

  it('maps layers: false to --no-cache and has no export or remove step', () => {
    const argv = docker.buildArgv({ ...REQUEST, layers: false, timestamp: undefined, platform: 'linux/amd64' });
    expect(argv).toContain('--no-cache');
    expect(argv).not.toContain('--output');
    expect(argv.join(' ')).not.toContain('SOURCE_DATE_EPOCH');
    expect(argv.slice(argv.indexOf('--platform'), argv.indexOf('--platform') + 2)).toEqual([
      '--platform',
      'linux/amd64',
    ]);
    expect(docker.exportArgv({ image: 'x', ociLayoutDir: '/out' })).toBeNull();
    expect(docker.removeArgv('x')).toBeNull();
  });
});

describe('kaniko adapter', () => {
  const kaniko = createAdapter('kaniko');
  const request = {
    ...REQUEST,
    secrets: undefined,
    ociLayoutDir: '/work/out/layouts/flask',
    digestFile: '/work/out/d',
  };

  it('writes the OCI layout during the build, without pushing', () => {
    expect(kaniko.exportsDuringBuild).toBe(true);
    expect(kaniko.buildArgv(request)).toEqual([
      '/kaniko/executor',
      '--context',
      'dir:///work/out/flask/3.1.1-python3.13',
      '--dockerfile',
      '/work/out/flask/3.1.1-python3.13/Dockerfile',
      '--build-arg',
      `BASE_DIGEST=${DIGEST}`,
      '--build-arg',
      `BASE_IMAGE=${PARENT}`,
      '--build-arg',
      'BUILD_CREATED=2025-06-01T12:00:00Z',
      '--label',
      'io.acme.catalog.build=r1',
      '--label',
      'io.acme.catalog.id=flask:3.1.1-python3.13',
      '--oci-layout-path',
      '/work/out/layouts/flask',
      '--digest-file',
      '/work/out/d',
      '--no-push',
      '--insecure',
      '--insecure-pull',
      '--skip-tls-verify',
      '--skip-tls-verify-pull',
    ]);
  });

  it('pushes to destinations when given', () => {
    const argv = kaniko.buildArgv({
      ...request,
      tlsVerify: true,
      destinations: ['localhost:5000/acme/flask:3.1.1-python3.13-r1', 'localhost:5000/acme/flask:3.1'],
      platform: 'linux/amd64',
    });
    expect(argv.slice(-4)).toEqual([
      '--destination',
      'localhost:5000/acme/flask:3.1.1-python3.13-r1',
      '--destination',
      'localhost:5000/acme/flask:3.1',
    ]);
    expect(argv).toContain('--custom-platform');
    expect(argv).not.toContain('--no-push');
  });

  it('refuses secrets rather than passing them as build args', () => {
    expect(() => kaniko.buildArgv(REQUEST)).toThrow(/kaniko cannot mount build secrets/);
    expect(kaniko.exportArgv({ image: 'x', ociLayoutDir: '/out' })).toBeNull();
    expect(kaniko.removeArgv('x')).toBeNull();
  });
});

describe('smoke test argv', () => {
  it('uses run --rm for podman and docker', () => {
    expect(runRmArgv('podman', 'img', test)).toEqual([
      'podman',
      'run',
      '--rm',
      '--user',
      '1000770000:0',
      'img',
      'id',
      '-u',
    ]);
  });
});

describe('createAdapter', () => {
  it('creates every builder by name with its settings', () => {
    expect(createAdapter('buildah').binary).toBe('buildah');
    expect(createAdapter('podman', { binary: '/usr/local/bin/podman' }).binary).toBe('/usr/local/bin/podman');
    expect(createAdapter('docker').capabilities.daemonless).toBe(false);
    expect(createAdapter('kaniko').binary).toBe('/kaniko/executor');
  });
});
