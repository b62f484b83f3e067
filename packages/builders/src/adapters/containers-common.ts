import { keyValueFlags, optional, optionalBoolean, pullFlag, secretFlags } from '../argv.js';
import type { BuilderSettings, BuildRequest } from '../types.js';

/**
 * The build flags buildah and podman share (podman builds with buildah's code), in a fixed order:
 * isolation, format, file, tag, iidfile, pull, layers, tls, platform, timestamp, build args, labels,
 * secrets, extra args.
 */
export function containersBuildFlags(request: BuildRequest, settings: BuilderSettings): string[] {
  return [
    ...optional('--isolation', settings.isolation),
    '--format',
    'oci',
    '--file',
    request.dockerfile,
    '--tag',
    request.image,
    '--iidfile',
    request.iidFile,
    ...pullFlag(request.pull),
    ...optionalBoolean('--layers', request.layers),
    ...optionalBoolean('--tls-verify', request.tlsVerify),
    ...optional('--platform', request.platform),
    ...optional('--timestamp', request.timestamp),
    ...keyValueFlags('--build-arg', request.buildArgs),
    ...keyValueFlags('--label', request.labels),
    ...secretFlags(request.secrets),
    ...(settings.extraArgs ?? []),
  ];
}
