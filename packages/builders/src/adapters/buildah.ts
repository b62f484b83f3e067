import { ociTransport, optional, rejectDestinations, storageFlags } from '../argv.js';
import type { BuilderAdapter, BuilderSettings, BuildRequest, ExportRequest } from '../types.js';
import { containersBuildFlags } from './containers-common.js';

/** What buildah needs on containerised machines (no overlay, no user namespaces). */
export const BUILDAH_DEFAULTS: BuilderSettings = { storageDriver: 'vfs', isolation: 'chroot' };

/**
 * buildah: daemonless; a parent built earlier into the same storage is found by FROM without a
 * registry; exports with `buildah push --format oci <image> oci:<dir>`.
 */
export function buildahAdapter(settings: BuilderSettings = {}): BuilderAdapter {
  const effective: BuilderSettings = { ...BUILDAH_DEFAULTS, ...definedOnly(settings) };
  const binary = effective.binary ?? 'buildah';
  const global = [binary, ...storageFlags(effective)];
  return {
    name: 'buildah',
    binary,
    capabilities: {
      localParents: true,
      ociExport: true,
      secrets: true,
      daemonless: true,
      timestamps: true,
      insecureRegistries: true,
    },
    exportsDuringBuild: false,
    buildArgv(request: BuildRequest): string[] {
      rejectDestinations('buildah', request);
      return [...global, 'build', ...containersBuildFlags(request, effective), request.contextDir];
    },
    exportArgv(request: ExportRequest): string[] {
      return [
        ...global,
        'push',
        '--format',
        'oci',
        ...optional('--digestfile', request.digestFile),
        request.image,
        ociTransport(request.ociLayoutDir),
      ];
    },
    removeArgv(image: string): string[] {
      return [...global, 'rmi', image];
    },
  };
}

/** The settings without keys whose value is undefined, so they do not hide defaults when spread. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
