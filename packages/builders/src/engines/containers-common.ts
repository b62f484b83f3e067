import {
  keyValueFlags,
  ociTransport,
  optional,
  optionalBoolean,
  pullFlag,
  rejectDestinations,
  secretFlags,
  storageFlags,
} from '../argv.js';
import type { BuilderCapabilities, BuilderSettings, BuildRequest, ExportRequest } from '../types.js';
import type { EngineCommands } from './engine.js';

/**
 * The build flags buildah and podman share (podman builds with buildah's code), in a fixed order:
 * isolation, format, file, tag, iidfile, pull, authfile, layers, force-rm, tls, platform, timestamp, build args,
 * labels, secrets, extra args. `--force-rm` (with `--layers`, which buildah requires next
 * to it) removes the intermediate container of a failed RUN (buildah keeps it otherwise).
 */
export function containersBuildFlags(request: BuildRequest, settings: BuilderSettings): string[] {
  return [
    ...optional('--isolation', settings.isolation),
    '--format',
    request.format === 'docker-v2s2' ? 'docker' : 'oci',
    '--file',
    request.dockerfile,
    '--tag',
    request.image,
    '--iidfile',
    request.iidFile,
    ...pullFlag(request.pull),
    ...optional('--authfile', request.authFile),
    ...optionalBoolean('--layers', request.layers),
    // buildah accepts --force-rm only next to an explicit --layers (or --no-cache).
    ...(request.layers === undefined ? [] : ['--force-rm']),
    ...optionalBoolean('--tls-verify', request.tlsVerify),
    ...optional('--platform', request.platform),
    ...optional('--target', request.target),
    ...optional('--timestamp', request.timestamp),
    ...keyValueFlags('--build-arg', request.buildArgs),
    ...keyValueFlags('--label', request.labels),
    ...secretFlags(request.secrets),
    ...(settings.extraArgs ?? []),
  ];
}

/** buildah and podman: daemonless, local parents found by FROM without a registry, OCI export, secrets. */
export const CONTAINERS_CAPABILITIES: BuilderCapabilities = {
  localParents: true,
  ociExport: true,
  secrets: true,
  daemonless: true,
  timestamps: true,
  insecureRegistries: true,
  runMounts: true,
  multiPlatform: true,
};

/**
 * buildah and podman share one CLI shape (podman builds with buildah's code): global storage flags
 * before the subcommand, export with `<binary> push --format oci <image> oci:<dir>`, remove with rmi.
 * An image built in the docker format (it has a HEALTHCHECK) is exported with `--format v2s2`: the
 * layout then holds a Docker manifest and config, which keep the HEALTHCHECK (`--format oci` would
 * convert the config and drop it).
 */
export function containersCommands(name: 'buildah' | 'podman', settings: BuilderSettings): EngineCommands {
  const binary = settings.binary ?? name;
  const global = [binary, ...storageFlags(settings)];
  return {
    binary,
    buildArgv(request: BuildRequest): string[] {
      rejectDestinations(name, request);
      return [...global, 'build', ...containersBuildFlags(request, settings), request.contextDir];
    },
    exportArgv(request: ExportRequest): string[] {
      const digestFile = optional('--digestfile', request.digestFile);
      const format = request.format === 'docker-v2s2' ? 'v2s2' : 'oci';
      return [...global, 'push', '--format', format, ...digestFile, request.image, ociTransport(request.ociLayoutDir)];
    },
    removeArgv(image: string): string[] {
      return [...global, 'rmi', image];
    },
  };
}
