import { copyFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { type NodePrepareStep, osFamily } from '@catalog/core';
import { NodeFailure } from './node-failure.js';
import type { NodeJob, NodeSteps, PipelineContext } from './pipeline-types.js';
import { commandSink, type RunCommand } from './ports.js';

export interface PrepareStepOptions {
  /** The catalog's folder: the command runs here, and a relative path it prints is from here. */
  readonly root: string;
  /** The node's written build folder: the produced file is copied in as `prepare.file`. */
  readonly dir: string;
  readonly runCommand: RunCommand;
  readonly signal?: AbortSignal;
  readonly logFile?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly onCommand?: (argv: readonly string[]) => void;
  readonly onLine?: (line: string) => void;
}

/**
 * Runs a node's prepare step (`prepare.run`, e.g. tools/base-rootfs.sh) and copies the file whose
 * path it prints last into the build folder as `prepare.file`; returns that file's path. What
 * `catalog build` does before each platform's build, and `catalog render --prepare` so a rendered
 * folder is a complete build context.
 */
export async function runPrepareStep(prepare: NodePrepareStep, options: PrepareStepOptions): Promise<string> {
  const stdout: string[] = [];
  const result = await options.runCommand(prepare.run, {
    cwd: options.root,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.onCommand ? { onCommand: options.onCommand } : {}),
    ...(options.env ? { env: { ...options.env } } : {}),
    onLine: (line, stream) => {
      if (stream === 'stdout') stdout.push(line);
      options.onLine?.(line);
    },
  });
  if (result.exitCode !== 0)
    throw new NodeFailure(`prepare step failed: ${prepare.run.join(' ')} exited ${result.exitCode}`, result.tail);
  const produced = stdout
    .filter((line) => line.trim() !== '')
    .pop()
    ?.trim();
  if (!produced) throw new NodeFailure(`prepare step ${prepare.run.join(' ')} printed no file path`);
  const path = isAbsolute(produced) ? produced : join(options.root, produced);
  await placeFile(options.dir, prepare.file, path);
  return path;
}

/**
 * A build's prepare step for one platform; returns the produced file's path. The command learns
 * the platform from the environment: CATALOG_PLATFORM (`linux/arm64`) and CATALOG_ARCH (the OS
 * family's name for it: Debian's `arm64`, which tools/base-rootfs.sh bootstraps).
 */
export async function runPrepare(
  job: NodeJob,
  context: PipelineContext,
  steps: Pick<NodeSteps, 'logFile' | 'signal'>,
  platform: string,
): Promise<string | undefined> {
  if (!job.prepare) return undefined;
  return runPrepareStep(job.prepare, {
    root: context.settings.root,
    dir: job.dir,
    runCommand: context.ports.runCommand,
    signal: steps.signal,
    logFile: steps.logFile,
    onCommand: commandSink(context, job),
    env: {
      CATALOG_PLATFORM: platform,
      CATALOG_ARCH: osFamily(job.rendered.family).security.architecture(platform),
      ...(context.settings.refresh?.has(job.node.id) ? { CATALOG_REFRESH: '1' } : {}),
    },
    onLine: (line) => context.settings.onEvent({ type: 'log', id: job.node.id, line }),
  });
}

/** Copies a prepared file (another platform's, already produced) into the node's build context. */
export async function placePrepared(job: NodeJob, produced: string): Promise<void> {
  if (job.prepare) await placeFile(job.dir, job.prepare.file, produced);
}

/**
 * The produced file may be anywhere (the command is the catalog's code, run by design, see README);
 * where it goes stays in the build context (core checks prepare.file), replacing any link there.
 */
async function placeFile(dir: string, file: string, produced: string): Promise<void> {
  const target = join(dir, file);
  await rm(target, { force: true });
  await copyFile(produced, target);
}
