import { copyFile, rm } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { osFamily } from '@catalog/core';
import { NodeFailure } from './node-failure.js';
import type { NodeJob, NodeSteps, PipelineContext } from './pipeline-types.js';
import { commandSink } from './ports.js';

/**
 * Runs the node's prepare step for one platform and puts the file it produced into the build
 * context; returns that file's path. The command learns the platform from the environment:
 * CATALOG_PLATFORM (`linux/arm64`) and CATALOG_ARCH (the OS family's name for it: Debian's
 * `arm64`, which tools/base-rootfs.sh bootstraps).
 */
export async function runPrepare(
  job: NodeJob,
  context: PipelineContext,
  steps: Pick<NodeSteps, 'logFile' | 'signal'>,
  platform: string,
): Promise<string | undefined> {
  const prepare = job.prepare;
  if (!prepare) return undefined;
  const stdout: string[] = [];
  const architecture = osFamily(job.rendered.family).security.architecture(platform);
  const result = await context.ports.runCommand(prepare.run, {
    cwd: context.settings.root,
    signal: steps.signal,
    logFile: steps.logFile,
    onCommand: commandSink(context, job),
    env: {
      CATALOG_PLATFORM: platform,
      CATALOG_ARCH: architecture,
      ...(context.settings.refresh?.has(job.node.id) ? { CATALOG_REFRESH: '1' } : {}),
    },
    onLine: (line, stream) => {
      if (stream === 'stdout') stdout.push(line);
      context.settings.onEvent({ type: 'log', id: job.node.id, line });
    },
  });
  if (result.exitCode !== 0)
    throw new NodeFailure(`prepare step failed: ${prepare.run.join(' ')} exited ${result.exitCode}`, result.tail);
  const produced = stdout
    .filter((line) => line.trim() !== '')
    .pop()
    ?.trim();
  if (!produced) throw new NodeFailure(`prepare step ${prepare.run.join(' ')} printed no file path`);
  const path = isAbsolute(produced) ? produced : join(context.settings.root, produced);
  await placePrepared(job, path);
  return path;
}

/**
 * Copies a prepared file into the build context. The produced file may be anywhere (the command is
 * the catalog's code, run by design, see README); where it goes stays in the build context (core
 * checks prepare.file), replacing any link there.
 */
export async function placePrepared(job: NodeJob, produced: string): Promise<void> {
  if (!job.prepare) return;
  const target = join(job.dir, job.prepare.file);
  await rm(target, { force: true });
  await copyFile(produced, target);
}
