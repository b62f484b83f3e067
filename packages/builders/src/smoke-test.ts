import { randomBytes } from 'node:crypto';
import type { SmokeCommands, SmokeTestSource, SmokeTestSpec } from './engines/engine.js';
import { type BuilderName, engineNamed } from './engines/index.js';
import { BuilderError } from './errors.js';
import { processGone } from './process-group.js';
import { type ProcessResult, type RunOptions, runProcess } from './run-process.js';
import type { BuilderSettings } from './types.js';

export type { SmokeTestSource, SmokeTestSpec } from './engines/engine.js';

export interface SmokeTestOutcome {
  readonly ok: boolean;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

export type SmokeTester = (image: string, test: SmokeTestSpec, options?: RunOptions) => Promise<SmokeTestOutcome>;

type Run = (argv: readonly string[], options: RunOptions) => Promise<ProcessResult>;

function outcome(result: ProcessResult, lines: readonly string[], test: SmokeTestSpec): SmokeTestOutcome {
  const output = lines.join('\n');
  const expected = test.expect === undefined || output.includes(test.expect);
  const notes = [
    result.exitCode === 0 ? '' : `exit code ${result.exitCode}`,
    expected ? '' : `output does not contain ${JSON.stringify(test.expect)}`,
  ].filter(Boolean);
  return {
    ok: result.exitCode === 0 && expected,
    output: notes.length > 0 ? `${output}\n(${notes.join('; ')})` : output,
  };
}

type ContainerCommands = Extract<SmokeCommands, { kind: 'container' }>;

/**
 * Container runtimes can drop the output of a process that exits right after writing it (seen here
 * with `buildah run` under load: `sh -c 'command -v gcc cc || echo no-compiler'` exited 0 with no
 * output; containerd and compose have had the same race). A test that expects output (or a command
 * that always prints, `printsOutput`), exited 0 and printed nothing at all is therefore run once
 * more in the same container, saying so; what the second run prints decides. A test that really
 * prints nothing fails both times.
 */
function droppedOutput(result: ProcessResult, lines: readonly string[], test: SmokeTestSpec): boolean {
  return (
    result.exitCode === 0 &&
    !result.aborted &&
    (!!test.expect || !!test.printsOutput) &&
    lines.every((line) => line.trim() === '')
  );
}

export const DROPPED_OUTPUT_NOTE =
  'the test exited 0 without any output (a container runtime can drop the output of a short-lived process): running it once more';

/** The options for removing a container: never the run's signal, so an aborted run still removes it. */
function removalOptions(options: RunOptions): RunOptions {
  const { signal: _aborted, ...rest } = options;
  return { ...rest, signal: new AbortController().signal };
}

/**
 * Creates a working container from the image, runs the test in it, and removes it whatever happened:
 * a failed or aborted test, or an aborted create that had already named its container.
 */
async function inContainer(
  name: BuilderName,
  commands: ContainerCommands,
  image: string,
  test: SmokeTestSpec,
  io: {
    readonly run: Run;
    readonly options: RunOptions;
    readonly collect: RunOptions;
    readonly lines: string[];
    readonly containerName: () => string;
  },
): Promise<SmokeTestOutcome> {
  const { run, options, collect, lines } = io;
  const containerLines: string[] = [];
  let container: string | undefined;
  try {
    const created = await run(commands.create(image, io.containerName()), {
      ...options,
      onLine: (line) => containerLines.push(line),
    });
    const named = containerLines
      .filter((l) => l.trim() !== '')
      .pop()
      ?.trim();
    if (created.exitCode === 0 || created.aborted) container = named;
    if (created.exitCode !== 0 || !container)
      return { ok: false, output: `${name} from ${image} failed: ${created.tail.join('\n')}` };
    const result = await run(commands.run(container, test), collect);
    if (!droppedOutput(result, lines, test)) return outcome(result, lines, test);
    lines.length = 0;
    options.onLine?.(DROPPED_OUTPUT_NOTE, 'stderr');
    return outcome(await run(commands.run(container, test), collect), lines, test);
  } finally {
    if (container) await run(commands.remove(container), removalOptions(options));
  }
}

/**
 * Runs smoke tests in images with the given builder's engine; an engine that cannot run images
 * (kaniko) makes every test fail with a BuilderError saying so.
 */
export function createSmokeTester(
  name: BuilderName,
  settings: BuilderSettings = {},
  run: Run = runProcess,
  source: SmokeTestSource = {},
  /** Names working containers; a dry run gives a placeholder. */
  containerName: () => string = testContainerName,
): SmokeTester {
  const engine = engineNamed(name);
  return async (image, test, options = {}) => {
    const commands = engine.smokeCommands(settings, source);
    if (commands === null) {
      throw new BuilderError(
        `${name} cannot run images, so it cannot run smoke tests`,
        'use --no-test, or --builder buildah',
      );
    }
    const lines: string[] = [];
    const collect: RunOptions = {
      ...options,
      onLine: (line, stream) => {
        lines.push(line);
        options.onLine?.(line, stream);
      },
    };
    if (commands.kind === 'run') {
      const env = commands.env === undefined ? {} : { env: { ...options.env, ...commands.env } };
      return outcome(await run(commands.run(image, test), { ...collect, ...env }), lines, test);
    }
    return inContainer(name, commands, image, test, { run, options, collect, lines, containerName });
  };
}

/** Test containers are named for the process that made them, so a later run can tell a killed run's. */
const TEST_CONTAINER = /^catalog-test-(\d+)-[0-9a-f]{8}$/;

function testContainerName(): string {
  return `catalog-test-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/**
 * Removes the smoke-test containers that runs killed before they could remove them left in the
 * builder's storage: only containers named for a run (`catalog-test-<pid>-<hex>`) whose process is
 * gone. Returns the names removed (none for engines whose tests remove their own containers).
 */
export async function removeStaleTestContainers(
  name: BuilderName,
  settings: BuilderSettings = {},
  run: Run = runProcess,
): Promise<string[]> {
  const commands = engineNamed(name).smokeCommands(settings, {});
  if (commands?.kind !== 'container') return [];
  const names: string[] = [];
  const listed = await run(commands.list(), {
    onLine: (line, stream) => stream === 'stdout' && names.push(line.trim()),
  });
  if (listed.exitCode !== 0) return [];
  const removed: string[] = [];
  for (const container of names) {
    const pid = Number(TEST_CONTAINER.exec(container)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || !processGone(pid)) continue;
    if ((await run(commands.remove(container), {})).exitCode === 0) removed.push(container);
  }
  return removed;
}
