import { BUILDAH_DEFAULTS, definedOnly } from './adapters/buildah.js';
import { optional, storageFlags } from './argv.js';
import { BuilderError } from './errors.js';
import { type ProcessResult, type RunOptions, runProcess } from './run-process.js';
import type { BuilderName, BuilderSettings } from './types.js';

/** A command to run in an image, and what its output must contain. */
export interface SmokeTestSpec {
  readonly name: string;
  readonly run: readonly string[];
  readonly user?: string;
  readonly expect?: string;
}

export interface SmokeTestOutcome {
  readonly ok: boolean;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
}

export type SmokeTester = (image: string, test: SmokeTestSpec, options?: RunOptions) => Promise<SmokeTestOutcome>;

type Run = (argv: readonly string[], options: RunOptions) => Promise<ProcessResult>;

/** Where the tested image comes from: the builder's storage (after a build) or a registry. */
export interface SmokeTestSource {
  /** `never`: only the local storage (default); `missing`: pull from the registry when absent. */
  readonly pull?: 'never' | 'missing' | 'always';
  /** false for plain-http registries. */
  readonly tlsVerify?: boolean;
}

/** buildah: a working container from the image, `buildah run` in it, then the container removed. */
export function buildahSmokeArgv(settings: BuilderSettings, source: SmokeTestSource = {}) {
  const effective = { ...BUILDAH_DEFAULTS, ...definedOnly(settings) };
  const global = [effective.binary ?? 'buildah', ...storageFlags(effective)];
  const tls = source.tlsVerify === undefined ? [] : [`--tls-verify=${source.tlsVerify}`];
  return {
    from: (image: string): string[] => [
      ...global,
      'from',
      `--pull=${source.pull ?? 'never'}`,
      ...tls,
      '--quiet',
      image,
    ],
    run: (container: string, test: SmokeTestSpec): string[] => [
      ...global,
      'run',
      ...optional('--isolation', effective.isolation),
      ...optional('--user', test.user),
      container,
      '--',
      ...test.run,
    ],
    remove: (container: string): string[] => [...global, 'rm', container],
  };
}

/** podman and docker: `run --rm`. */
export function runRmArgv(binary: string, image: string, test: SmokeTestSpec): string[] {
  return [binary, 'run', '--rm', ...optional('--user', test.user), image, ...test.run];
}

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

/** Runs smoke tests in images with the given builder's engine. */
export function createSmokeTester(
  name: BuilderName,
  settings: BuilderSettings = {},
  run: Run = runProcess,
  source: SmokeTestSource = {},
): SmokeTester {
  return async (image, test, options = {}) => {
    const lines: string[] = [];
    const collect: RunOptions = {
      ...options,
      onLine: (line, stream) => {
        lines.push(line);
        options.onLine?.(line, stream);
      },
    };
    if (name === 'kaniko') {
      throw new BuilderError(
        'kaniko cannot run images, so it cannot run smoke tests',
        'use --no-test, or --builder buildah',
      );
    }
    if (name !== 'buildah')
      return outcome(await run(runRmArgv(settings.binary ?? name, image, test), collect), lines, test);
    const argv = buildahSmokeArgv(settings, source);
    const containerLines: string[] = [];
    const created = await run(argv.from(image), { ...options, onLine: (line) => containerLines.push(line) });
    const container = containerLines
      .filter((l) => l.trim() !== '')
      .pop()
      ?.trim();
    if (created.exitCode !== 0 || !container)
      return { ok: false, output: `buildah from ${image} failed: ${created.tail.join('\n')}` };
    try {
      return outcome(await run(argv.run(container, test), collect), lines, test);
    } finally {
      await run(argv.remove(container), options);
    }
  };
}
