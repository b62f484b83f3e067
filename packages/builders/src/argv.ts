import { basename, dirname } from 'node:path';
import type { SmokeTestSpec } from './engines/engine.js';
import { BuilderError } from './errors.js';
import type { BuildRequest, BuildSecret, PullPolicy } from './types.js';

function compareCodeUnits(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

/** `[flag, "k=v", flag, "k=v", ...]` sorted by key, independent of insertion order and locale. */
export function keyValueFlags(flag: string, values: Readonly<Record<string, string>> | undefined): string[] {
  if (values === undefined) return [];
  const keys = Object.keys(values).sort(compareCodeUnits);
  return keys.flatMap((key) => {
    if (key === '' || key.includes('=')) {
      throw new BuilderError(
        `invalid ${flag} name ${JSON.stringify(key)}`,
        'names must be non-empty and contain no "="',
      );
    }
    return [flag, `${key}=${values[key] ?? ''}`];
  });
}

const SECRET_ID = /^[A-Za-z0-9._-]+$/;

/** `--secret id=<id>,src=<file>` per secret, sorted by id. */
export function secretFlags(secrets: readonly BuildSecret[] | undefined): string[] {
  if (secrets === undefined) return [];
  const sorted = [...secrets].sort((a, b) => compareCodeUnits(a.id, b.id));
  return sorted.flatMap(({ id, src }) => {
    if (!SECRET_ID.test(id)) {
      throw new BuilderError(`invalid secret id ${JSON.stringify(id)}`, 'use letters, digits, ".", "_" and "-"');
    }
    if (src === '' || src.includes(',')) {
      throw new BuilderError(`invalid file for secret ${id}: ${JSON.stringify(src)}`, 'give a path without commas');
    }
    return ['--secret', `id=${id},src=${src}`];
  });
}

/** A flag and its value, or nothing when the value is absent. */
export function optional(flag: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [flag, String(value)];
}

/** `--flag=true|false`, or nothing when the value is absent. */
export function optionalBoolean(flag: string, value: boolean | undefined): string[] {
  return value === undefined ? [] : [`${flag}=${value}`];
}

/** buildah and podman: `--pull=missing|always|never`. */
export function pullFlag(pull: PullPolicy | undefined): string[] {
  return pull === undefined ? [] : [`--pull=${pull}`];
}

/** Global storage flags of buildah and podman (they come before the subcommand). */
export function storageFlags(settings: { storageDriver?: string; root?: string; runRoot?: string }): string[] {
  return [
    ...optional('--storage-driver', settings.storageDriver),
    ...optional('--root', settings.root),
    ...optional('--runroot', settings.runRoot),
  ];
}

/** Rejects a request that asks a builder to push during the build when it cannot. */
export function rejectDestinations(builder: string, request: BuildRequest): void {
  if (request.destinations !== undefined && request.destinations.length > 0) {
    throw new BuilderError(
      `${builder} does not push during the build`,
      'export the image and push it afterwards, or use --builder kaniko',
    );
  }
}

/** The `oci:<dir>` transport of containers/image; a ":" in the directory would be read as a reference. */
export function ociTransport(dir: string): string {
  if (dir.includes(':')) {
    throw new BuilderError(`OCI layout directory ${JSON.stringify(dir)} contains ":"`, 'choose a path without ":"');
  }
  return `oci:${dir}`;
}

/** podman and docker smoke tests: `<binary> run --rm [--user U] <image> <command...>`. */
/**
 * The environment that hands a temporary auth file to docker and kaniko: its folder as
 * `DOCKER_CONFIG` (the file is a config.json; see the registry's writeBuilderAuthFile).
 */
export function dockerConfigEnv(authFile: string | undefined): Record<string, string> {
  if (authFile === undefined) return {};
  if (basename(authFile) !== 'config.json') {
    throw new BuilderError(
      `docker and kaniko read credentials from a folder's config.json, not from ${authFile}`,
      'hand them an auth file named config.json in a folder of its own (catalog writes one)',
    );
  }
  return { DOCKER_CONFIG: dirname(authFile) };
}

export function runRmArgv(binary: string, image: string, test: SmokeTestSpec, flags: readonly string[] = []): string[] {
  return [binary, 'run', '--rm', ...flags, ...optional('--user', test.user), image, ...test.run];
}
