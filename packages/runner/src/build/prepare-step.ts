import { copyFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { NodePrepareStep } from '@catalog/core';
import { NodeFailure } from './node-failure.js';
import type { RunCommand } from './ports.js';

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
 * path it prints last into the build folder as `prepare.file`: what `catalog build` does before
 * each build, and `catalog render --prepare` so a rendered folder is a complete build context.
 */
export async function runPrepareStep(prepare: NodePrepareStep, options: PrepareStepOptions): Promise<void> {
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
  // The produced file may be anywhere (the command is the catalog's code, run by design, see README);
  // where it goes stays in the build context (core checks prepare.file), replacing any link there.
  const target = join(options.dir, prepare.file);
  await rm(target, { force: true });
  await copyFile(isAbsolute(produced) ? produced : join(options.root, produced), target);
}
