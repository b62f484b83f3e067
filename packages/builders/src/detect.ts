import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { closestMatch, UsageError } from '@catalog/core';
import type { BuilderEngine, ProbeFn, WhichFn } from './engines/engine.js';
import { BUILDER_NAMES, type BuilderName, ENGINES, engineNamed, isBuilderName } from './engines/index.js';
import { BuilderError } from './errors.js';
import { runProcess } from './run-process.js';

export type { ProbeFn, WhichFn } from './engines/engine.js';

export interface DetectedBuilder {
  readonly name: BuilderName;
  /** The resolved executable. */
  readonly binary: string;
}

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

async function tryEngine(
  engine: BuilderEngine<BuilderName>,
  which: WhichFn,
  probe: ProbeFn,
): Promise<DetectedBuilder | undefined> {
  const binary = await which(engine.executable);
  if (binary === undefined) return undefined;
  if ((await engine.requirement?.check(binary, probe)) !== undefined) return undefined;
  return { name: engine.name, binary };
}

function parseBuilderName(preferred: string): BuilderName {
  if (isBuilderName(preferred)) return preferred;
  const guess = closestMatch(preferred, BUILDER_NAMES);
  throw new UsageError(
    `unknown builder "${preferred}"${guess === undefined ? '' : ` (did you mean "${guess}"?)`}`,
    `choose one of ${BUILDER_NAMES.join(', ')}`,
  );
}

async function usePreferred(engine: BuilderEngine<BuilderName>, which: WhichFn, probe: ProbeFn) {
  const binary = await which(engine.executable);
  if (binary === undefined) {
    throw new BuilderError(
      `builder ${engine.name} is not installed (${engine.executable} not found)`,
      engine.installHint,
    );
  }
  const problem = await engine.requirement?.check(binary, probe);
  if (problem !== undefined) throw problem;
  return { name: engine.name, binary };
}

/** "buildah, podman, docker (with buildx and a running daemon) and kaniko (/kaniko/executor)". */
function lookedFor(): string {
  const described = ENGINES.map((engine) => {
    const notes = [engine.executable === engine.name ? undefined : engine.executable, engine.requirement?.description];
    const shown = notes.filter((note) => note !== undefined);
    return shown.length === 0 ? engine.name : `${engine.name} (${shown.join(', ')})`;
  });
  return `${described.slice(0, -1).join(', ')} and ${described.at(-1)}`;
}

/**
 * The builder to use: `preferred` (from `--builder NAME`) when given, which must be installed and
 * usable; otherwise the first engine of the registry (engines/index.ts) that is: buildah, podman,
 * docker (only with buildx and a daemon that answers `docker info`), kaniko (`/kaniko/executor`).
 */
export async function detectBuilder(
  preferred?: string,
  which: WhichFn = findExecutable,
  probe: ProbeFn = commandSucceeds,
): Promise<DetectedBuilder> {
  if (preferred !== undefined) return usePreferred(engineNamed(parseBuilderName(preferred)), which, probe);
  for (const engine of ENGINES) {
    const found = await tryEngine(engine, which, probe);
    if (found !== undefined) return found;
  }
  throw new BuilderError(`no image builder found; ${ENGINES[0].installHint}`, `catalog looks for ${lookedFor()}`);
}
