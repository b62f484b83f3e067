import { dockerConfigEnv, keyValueFlags, optional, rejectDestinations, runRmArgv, secretFlags } from '../argv.js';
import { BuilderError } from '../errors.js';
import type { BuilderSettings, BuildRequest } from '../types.js';
import type { BuilderEngine, EngineCommands, EngineRequirement, SmokeTestSource } from './engine.js';

/**
 * docker buildx (BuildKit). It needs a daemon, and writes the OCI layout during the build
 * (`--output type=oci,dest=<dir>,tar=false`), so `exportArgv` returns null. With the docker-container
 * driver (needed for OCI output) it cannot see images built earlier unless they are in a registry.
 *
 * What it cannot express per build:
 * - `timestamp` becomes the `SOURCE_DATE_EPOCH` build arg, which BuildKit (>= 0.11) uses for the
 *   created time.
 * - `pull: 'never'` and `'missing'` add nothing (BuildKit resolves parents itself); `'always'` is `--pull`.
 * - `tlsVerify: false` cannot be set per build: declare the registry insecure in buildkitd.toml.
 * - `layers: false` is `--no-cache`.
 * - `authFile` (a config.json in a folder of its own) becomes `DOCKER_CONFIG=<its folder>`.
 * - `format` adds nothing: BuildKit writes Docker's config fields (HEALTHCHECK) in its OCI output
 *   too (not exercised here: the e2e suites have no daemon).
 */
function dockerCommands(settings: BuilderSettings): EngineCommands {
  const binary = settings.binary ?? 'docker';
  return {
    binary,
    buildArgv(request: BuildRequest): string[] {
      rejectDestinations('docker', request);
      const buildArgs =
        request.timestamp === undefined
          ? request.buildArgs
          : { ...request.buildArgs, SOURCE_DATE_EPOCH: String(request.timestamp) };
      return [
        binary,
        'buildx',
        'build',
        '--file',
        request.dockerfile,
        '--tag',
        request.image,
        '--iidfile',
        request.iidFile,
        '--provenance=false',
        ...(request.pull === 'always' ? ['--pull'] : []),
        ...(request.layers === false ? ['--no-cache'] : []),
        ...optional('--platform', request.platform),
        ...optional('--target', request.target),
        ...keyValueFlags('--build-arg', buildArgs),
        ...keyValueFlags('--label', request.labels),
        ...secretFlags(request.secrets),
        ...outputFlags(request.ociLayoutDir),
        ...(settings.extraArgs ?? []),
        request.contextDir,
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

/** docker is usable only with buildx and a daemon that answers `docker info`. */
const daemonWithBuildx: EngineRequirement = {
  description: 'with buildx and a running daemon',
  async check(binary, probe) {
    if ((await probe([binary, 'buildx', 'version'])) && (await probe([binary, 'info']))) return undefined;
    return new BuilderError(
      'builder docker is not usable: `docker buildx version` or `docker info` failed (buildx missing or no daemon)',
      'start a Docker daemon with the buildx plugin, or use --builder buildah (apt-get install buildah)',
    );
  },
};

/** docker buildx; smoke tests use `docker run --rm`. */
export const dockerEngine: BuilderEngine<'docker'> = {
  name: 'docker',
  executable: 'docker',
  installHint: 'install the Docker CLI with buildx and run a daemon: apt-get install docker.io docker-buildx',
  capabilities: {
    localParents: false,
    ociExport: true,
    secrets: true,
    daemonless: false,
    timestamps: true,
    insecureRegistries: false,
    runMounts: true,
    multiPlatform: true,
  },
  limits: {
    localParents:
      'docker buildx (docker-container driver) cannot build a child from a parent that is not in a registry',
  },
  exportsDuringBuild: true,
  requirement: daemonWithBuildx,
  commands: dockerCommands,
  smokeCommands: (settings, source) => ({
    kind: 'run',
    run: (image, test) => runRmArgv(settings.binary ?? 'docker', image, test, pullFlags(source)),
    env: dockerConfigEnv(source.authFile),
  }),
};

/** `docker run --pull` (docker cannot turn TLS off per command: see buildkitd.toml / daemon.json). */
function pullFlags(source: SmokeTestSource): string[] {
  return source.pull === undefined ? [] : [`--pull=${source.pull}`];
}

function outputFlags(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  if (/[,"]/.test(dir)) {
    throw new BuilderError(`OCI layout directory ${JSON.stringify(dir)} contains "," or '"'`, 'choose a plainer path');
  }
  return ['--output', `type=oci,dest=${dir},tar=false`];
}
