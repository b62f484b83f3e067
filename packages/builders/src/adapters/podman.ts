import { ociTransport, optional, rejectDestinations, storageFlags } from '../argv.js';
import type { BuilderAdapter, BuilderSettings, BuildRequest, ExportRequest } from '../types.js';
import { containersBuildFlags } from './containers-common.js';

/**
 * podman: buildah's build code behind podman's CLI; daemonless, sees local parents, exports with
 * `podman push --format oci <image> oci:<dir>`. Its default storage driver and isolation are used
 * unless settings give them. (`podman run` fails on these machines; `podman build` is not needed by
 * the default builder.)
 */
export function podmanAdapter(settings: BuilderSettings = {}): BuilderAdapter {
  const binary = settings.binary ?? 'podman';
  const global = [binary, ...storageFlags(settings)];
  return {
    name: 'podman',
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
      rejectDestinations('podman', request);
      return [...global, 'build', ...containersBuildFlags(request, settings), request.contextDir];
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
