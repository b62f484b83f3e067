import { dockerConfigEnv, keyValueFlags, optional } from '../argv.js';
import { BuilderError } from '../errors.js';
import type { BuilderSettings, BuildRequest } from '../types.js';
import type { BuilderEngine, EngineCommands } from './engine.js';

const EXECUTOR = '/kaniko/executor';

/**
 * kaniko (`/kaniko/executor`, inside its own container image). It has no local image store: it pulls
 * every parent from a registry and writes the result during the build — to an OCI layout
 * (`--oci-layout-path`) and/or to registries (`--destination`, otherwise `--no-push`) — so
 * `exportArgv` and `removeArgv` return null.
 *
 * What it cannot do: secret mounts (rejected: secrets are never turned into build args), a given
 * created time (`timestamp` is ignored; the BUILD_CREATED label still records it), an image ID file
 * (`iidFile` is ignored; read the config digest from the layout), `pull: 'never'` (it always pulls),
 * `layers` (its cache needs a registry repository: pass `--cache` flags through `extraArgs`), running
 * an image (so no smoke tests). Registry credentials come from `authFile` (a config.json in a
 * folder of its own) as `DOCKER_CONFIG=<its folder>`, where kaniko looks for them. `format` adds
 * nothing: kaniko's config keeps Docker's fields (HEALTHCHECK) in its OCI output too (not exercised
 * here).
 */
export const kanikoEngine: BuilderEngine<'kaniko'> = {
  name: 'kaniko',
  executable: EXECUTOR,
  installHint: 'run inside the kaniko executor image (gcr.io/kaniko-project/executor), which has /kaniko/executor',
  capabilities: {
    localParents: false,
    ociExport: true,
    secrets: false,
    daemonless: true,
    timestamps: false,
    insecureRegistries: true,
    runMounts: false,
    multiPlatform: false,
  },
  exportsDuringBuild: true,
  commands: kanikoCommands,
  smokeCommands: () => null,
};

function kanikoCommands(settings: BuilderSettings): EngineCommands {
  const binary = settings.binary ?? EXECUTOR;
  return {
    binary,
    buildArgv(request: BuildRequest): string[] {
      if (request.secrets !== undefined && request.secrets.length > 0) {
        throw new BuilderError('kaniko cannot mount build secrets', 'use --builder buildah');
      }
      const destinations = request.destinations ?? [];
      return [
        binary,
        '--context',
        `dir://${request.contextDir}`,
        '--dockerfile',
        request.dockerfile,
        ...optional('--custom-platform', request.platform),
        ...optional('--target', request.target),
        ...keyValueFlags('--build-arg', request.buildArgs),
        ...keyValueFlags('--label', request.labels),
        ...optional('--oci-layout-path', request.ociLayoutDir),
        ...optional('--digest-file', request.digestFile),
        ...(destinations.length === 0 ? ['--no-push'] : destinations.flatMap((d) => ['--destination', d])),
        ...(request.tlsVerify === false
          ? ['--insecure', '--insecure-pull', '--skip-tls-verify', '--skip-tls-verify-pull']
          : []),
        ...(settings.extraArgs ?? []),
      ];
    },
    buildEnv: (request) => dockerConfigEnv(request.authFile),
    exportArgv(): null {
      return null;
    },
    removeArgv(): null {
      return null;
    },
  };
}
