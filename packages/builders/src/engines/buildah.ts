import { optional, storageFlags } from '../argv.js';
import type { BuilderSettings } from '../types.js';
import { CONTAINERS_CAPABILITIES, containersCommands } from './containers-common.js';
import type { BuilderEngine, SmokeTestSource, SmokeTestSpec } from './engine.js';

/** What buildah needs on containerised machines (no overlay, no user namespaces). */
export const BUILDAH_DEFAULTS: BuilderSettings = { storageDriver: 'vfs', isolation: 'chroot' };

/** The settings without keys whose value is undefined, so they do not hide defaults when spread. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function withDefaults(settings: BuilderSettings): BuilderSettings {
  return { ...BUILDAH_DEFAULTS, ...definedOnly(settings) };
}

/** buildah smoke tests: a working container from the image, `buildah run` in it, then the container removed. */
export function buildahSmokeArgv(settings: BuilderSettings, source: SmokeTestSource = {}) {
  const effective = withDefaults(settings);
  const global = [effective.binary ?? 'buildah', ...storageFlags(effective)];
  const tls = source.tlsVerify === undefined ? [] : [`--tls-verify=${source.tlsVerify}`];
  return {
    from: (image: string, name?: string): string[] => [
      ...global,
      'from',
      `--pull=${source.pull ?? 'never'}`,
      ...tls,
      ...optional('--authfile', source.authFile),
      ...optional('--name', name),
      '--quiet',
      image,
    ],
    run: (container: string, test: SmokeTestSpec): string[] => [
      ...global,
      'run',
      ...optional('--isolation', effective.isolation),
      ...optional('--user', test.user),
      container,
      '--',
      ...test.run,
    ],
    remove: (container: string): string[] => [...global, 'rm', container],
    list: (): string[] => [...global, 'containers', '--noheading', '--format', '{{.ContainerName}}'],
  };
}

/**
 * buildah, the default: daemonless; a parent built earlier into the same storage is found by FROM
 * without a registry; exports with `buildah push --format oci <image> oci:<dir>`. Its settings
 * default to BUILDAH_DEFAULTS (vfs storage, chroot isolation).
 */
export const buildahEngine: BuilderEngine<'buildah'> = {
  name: 'buildah',
  executable: 'buildah',
  installHint: 'install buildah (recommended): apt-get install buildah',
  capabilities: CONTAINERS_CAPABILITIES,
  exportsDuringBuild: false,
  commands: (settings) => containersCommands('buildah', withDefaults(settings)),
  smokeCommands(settings, source) {
    const argv = buildahSmokeArgv(settings, source);
    return { kind: 'container', create: argv.from, run: argv.run, remove: argv.remove, list: argv.list };
  },
};
