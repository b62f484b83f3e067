import { describe, expect, it } from 'vitest';
import { createAdapter } from './engines/index.js';
import { builderSettingsFromEnv, splitArgs } from './settings.js';

describe('builderSettingsFromEnv', () => {
  it('reads storage driver, isolation and extra args from the environment', () => {
    const env = {
      CATALOG_BUILDAH_STORAGE_DRIVER: 'overlay',
      CATALOG_BUILDAH_ISOLATION: 'oci',
      CATALOG_BUILDER_EXTRA_ARGS: '  --jobs 2\t--cap-add  SYS_ADMIN ',
    };
    expect(builderSettingsFromEnv(env)).toEqual({
      storageDriver: 'overlay',
      isolation: 'oci',
      extraArgs: ['--jobs', '2', '--cap-add', 'SYS_ADMIN'],
    });
  });

  it('lets explicit settings win and appends their extra args after the environment', () => {
    const env = { CATALOG_BUILDAH_STORAGE_DRIVER: 'overlay', CATALOG_BUILDER_EXTRA_ARGS: '--jobs 2' };
    const base = { storageDriver: 'vfs', root: '/tmp/root', extraArgs: ['--jobs', '1'] };
    expect(builderSettingsFromEnv(env, base)).toEqual({
      storageDriver: 'vfs',
      root: '/tmp/root',
      extraArgs: ['--jobs', '2', '--jobs', '1'],
    });
  });

  it('treats empty variables as unset so the adapter defaults apply', () => {
    const settings = builderSettingsFromEnv({ CATALOG_BUILDAH_STORAGE_DRIVER: '', CATALOG_BUILDAH_ISOLATION: ' ' });
    expect(settings).toEqual({});
    const argv = createAdapter('buildah', settings).buildArgv({
      contextDir: '.',
      dockerfile: 'Dockerfile',
      image: 'x',
      buildArgs: {},
      iidFile: 'iid',
    });
    expect(argv.slice(0, 6)).toEqual(['buildah', '--storage-driver', 'vfs', 'build', '--isolation', 'chroot']);
  });

  it('splits on any whitespace', () => {
    expect(splitArgs(undefined)).toEqual([]);
    expect(splitArgs('a  b\nc')).toEqual(['a', 'b', 'c']);
  });
});
