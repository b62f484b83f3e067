import { keyValueFlags, optional, rejectDestinations, secretFlags } from '../argv.js';
import { BuilderError } from '../errors.js';
import type { BuilderAdapter, BuilderSettings, BuildRequest } from '../types.js';

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
 */
export function dockerAdapter(settings: BuilderSettings = {}): BuilderAdapter {
  const binary = settings.binary ?? 'docker';
  return {
    name: 'docker',
    binary,
    capabilities: {
      localParents: false,
      ociExport: true,
      secrets: true,
      daemonless: false,
      timestamps: true,
      insecureRegistries: false,
    },
    exportsDuringBuild: true,
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
        ...keyValueFlags('--build-arg', buildArgs),
        ...keyValueFlags('--label', request.labels),
        ...secretFlags(request.secrets),
        ...outputFlags(request.ociLayoutDir),
        ...(settings.extraArgs ?? []),
        request.contextDir,
      ];
    },
    exportArgv(): null {
      return null;
    },
    removeArgv(): null {
      return null;
    },
  };
}

function outputFlags(dir: string | undefined): string[] {
  if (dir === undefined) return [];
  if (/[,"]/.test(dir)) {
    throw new BuilderError(`OCI layout directory ${JSON.stringify(dir)} contains "," or '"'`, 'choose a plainer path');
  }
  return ['--output', `type=oci,dest=${dir},tar=false`];
}
