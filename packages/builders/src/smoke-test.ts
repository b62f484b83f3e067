import type { SmokeCommands, SmokeTestSource, SmokeTestSpec } from './engines/engine.js';
import { type BuilderName, engineNamed } from './engines/index.js';
import { BuilderError } from './errors.js';
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
  io: { readonly run: Run; readonly options: RunOptions; readonly collect: RunOptions; readonly lines: string[] },
): Promise<SmokeTestOutcome> {
  const { run, options, collect, lines } = io;
  const containerLines: string[] = [];
  let container: string | undefined;
  try {
    const created = await run(commands.create(image), { ...options, onLine: (line) => containerLines.push(line) });
    const named = containerLines
      .filter((l) => l.trim() !== '')
      .pop()
      ?.trim();
    if (created.exitCode === 0 || created.aborted) container = named;
    if (created.exitCode !== 0 || !container)
      return { ok: false, output: `${name} from ${image} failed: ${created.tail.join('\n')}` };
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
    return inContainer(name, commands, image, test, { run, options, collect, lines });
  };
}
