import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { closestMatch, UsageError } from '@catalog/core';
import { BuilderError } from './errors.js';
import { INSTALL_HINTS } from './install-hints.js';
import { runProcess } from './run-process.js';
import { BUILDER_NAMES, type BuilderName } from './types.js';

/** Resolves an executable to its path, or undefined when it is not installed. */
export type WhichFn = (binary: string) => Promise<string | undefined>;
/** Whether a command runs and exits 0. */
export type ProbeFn = (argv: readonly string[]) => Promise<boolean>;

export interface DetectedBuilder {
  readonly name: BuilderName;
  /** The resolved executable. */
  readonly binary: string;
}

/** The executable each builder is looked up by. */
export const BUILDER_BINARIES: Record<BuilderName, string> = {
  buildah: 'buildah',
  podman: 'podman',
  docker: 'docker',
  kaniko: '/kaniko/executor',
};

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    const info = await stat(path);
    // root passes X_OK for any file: also require an execute bit.
    return info.isFile() && (info.mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Looks an executable up on PATH (or checks a path given with a "/"). */
export async function findExecutable(binary: string, path = process.env.PATH ?? ''): Promise<string | undefined> {
  if (binary.includes('/')) return (await isExecutableFile(binary)) ? binary : undefined;
  for (const dir of path.split(delimiter).filter((d) => d !== '')) {
    const candidate = join(dir, binary);
    if (await isExecutableFile(candidate)) return candidate;
  }
  return undefined;
}

/** Runs a short command (15 s at most) and tells whether it exited 0. */
export async function commandSucceeds(argv: readonly string[]): Promise<boolean> {
  try {
    const result = await runProcess(argv, { signal: AbortSignal.timeout(15_000), killGraceMs: 1000 });
    return result.exitCode === 0 && !result.aborted;
  } catch {
    return false;
  }
}

/** docker is usable only with buildx and a daemon that answers. */
async function dockerWorks(binary: string, probe: ProbeFn): Promise<boolean> {
  return (await probe([binary, 'buildx', 'version'])) && (await probe([binary, 'info']));
}

async function tryBuilder(name: BuilderName, which: WhichFn, probe: ProbeFn): Promise<DetectedBuilder | undefined> {
  const binary = await which(BUILDER_BINARIES[name]);
  if (binary === undefined) return undefined;
  if (name === 'docker' && !(await dockerWorks(binary, probe))) return undefined;
  return { name, binary };
}

function parseBuilderName(preferred: string): BuilderName {
  if ((BUILDER_NAMES as readonly string[]).includes(preferred)) return preferred as BuilderName;
  const guess = closestMatch(preferred, BUILDER_NAMES);
  throw new UsageError(
    `unknown builder "${preferred}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`,
    `choose one of ${BUILDER_NAMES.join(', ')}`,
  );
}

async function usePreferred(name: BuilderName, which: WhichFn, probe: ProbeFn): Promise<DetectedBuilder> {
  const binary = await which(BUILDER_BINARIES[name]);
  if (binary === undefined) {
    throw new BuilderError(
      `builder ${name} is not installed (${BUILDER_BINARIES[name]} not found)`,
      INSTALL_HINTS[name],
    );
  }
  if (name === 'docker' && !(await dockerWorks(binary, probe))) {
    throw new BuilderError(
      'builder docker is not usable: `docker buildx version` or `docker info` failed (buildx missing or no daemon)',
      'start a Docker daemon with the buildx plugin, or use --builder buildah (apt-get install buildah)',
    );
  }
  return { name, binary };
}

/**
 * The builder to use: `preferred` (from `--builder NAME`) when given, which must be installed;
 * otherwise the first available of buildah, podman, docker (only with buildx and a daemon that
 * answers `docker info`), kaniko (`/kaniko/executor`).
 */
export async function detectBuilder(
  preferred?: string,
  which: WhichFn = findExecutable,
  probe: ProbeFn = commandSucceeds,
): Promise<DetectedBuilder> {
  if (preferred !== undefined) return usePreferred(parseBuilderName(preferred), which, probe);
  for (const name of BUILDER_NAMES) {
    const found = await tryBuilder(name, which, probe);
    if (found !== undefined) return found;
  }
  throw new BuilderError(
    'no image builder found; install buildah (recommended): apt-get install buildah',
    'catalog looks for buildah, podman, docker (with buildx and a running daemon) and kaniko (/kaniko/executor)',
  );
}
