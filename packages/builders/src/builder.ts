import { access, readdir, readFile, rename, rm } from 'node:fs/promises';
import { type BuilderName, createAdapter } from './engines/index.js';
import { BuilderError } from './errors.js';
import { readOciLayout } from './oci-layout.js';
import { redactArgv } from './redact.js';
import { type OutputStream, type ProcessResult, type RunOptions, runProcess } from './run-process.js';
import type { BuilderAdapter, BuilderSettings, BuildRequest, ExportRequest } from './types.js';

export type BuildStep = 'build' | 'export' | 'remove';

export interface BuildHooks {
  /** Called before each command with its redacted argv. */
  readonly onCommand?: (argv: readonly string[], step: BuildStep) => void;
  readonly onLine?: (line: string, stream: OutputStream, step: BuildStep) => void;
  /** Every command's output is appended here. */
  readonly logFile?: string;
  readonly signal?: AbortSignal;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly cwd?: string;
}

export interface BuildResult {
  /** true when every step exited 0 and was not aborted. */
  readonly ok: boolean;
  /** The last step run (the failing one when not ok). */
  readonly step: BuildStep;
  readonly exitCode: number;
  readonly aborted: boolean;
  readonly durationMs: number;
  readonly tail: string[];
  /** The image ID (config digest): from the iidfile, else from the layout. */
  readonly imageId: string | undefined;
  /** The manifest digest of the exported layout. */
  readonly manifestDigest: string | undefined;
  /** The OCI layout written, when one was asked for and the build succeeded. */
  readonly ociLayoutDir: string | undefined;
}

export type RunFn = (argv: readonly string[], options: RunOptions) => Promise<ProcessResult>;

export interface Builder extends BuilderAdapter {
  /** Builds, then exports to `request.ociLayoutDir` (when given) in one call; never throws for a failed build. */
  build(request: BuildRequest, hooks?: BuildHooks): Promise<BuildResult>;
  /** Removes a local image; null when the builder keeps none. */
  remove(image: string, hooks?: BuildHooks): Promise<ProcessResult | null>;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Clears a previous layout (exporting into one adds a second manifest); refuses other folders. */
export async function prepareLayoutDir(dir: string): Promise<void> {
  if (!(await exists(dir))) return;
  const entries = await readdir(dir);
  if (entries.length > 0 && !entries.includes('oci-layout')) {
    throw new BuilderError(
      `${dir} exists and is not an OCI layout; refusing to replace it`,
      'choose an empty directory',
    );
  }
  await rm(dir, { recursive: true, force: true });
}

async function readImageId(iidFile: string): Promise<string | undefined> {
  const text = await readFile(iidFile, 'utf8').catch(() => '');
  return text.trim() === '' ? undefined : text.trim();
}

function runStep(run: RunFn, argv: string[], step: BuildStep, hooks: BuildHooks): Promise<ProcessResult> {
  hooks.onCommand?.(redactArgv(argv), step);
  const onLine = hooks.onLine;
  return run(argv, {
    ...(hooks.cwd === undefined ? {} : { cwd: hooks.cwd }),
    ...(hooks.env === undefined ? {} : { env: hooks.env }),
    ...(hooks.signal === undefined ? {} : { signal: hooks.signal }),
    ...(hooks.logFile === undefined ? {} : { logFile: hooks.logFile }),
    // A builder killed outside a step leaves its containers; one whose step fails removes them.
    ...(step === 'build' ? { whenOrphaned: 'stop-steps' as const } : {}),
    ...(onLine === undefined ? {} : { onLine: (line: string, stream: OutputStream) => onLine(line, stream, step) }),
  });
}

function failed(step: BuildStep, result: ProcessResult, durationMs: number): BuildResult {
  return {
    ok: false,
    step,
    exitCode: result.exitCode,
    aborted: result.aborted,
    durationMs,
    tail: result.tail,
    imageId: undefined,
    manifestDigest: undefined,
    ociLayoutDir: undefined,
  };
}

/**
 * Where a layout is written before it is moved to its folder: a run killed mid-export leaves a
 * half layout here, never at `dir` (the next run clears it). Named after `dir`, so only the folder
 * the caller chose for the layout is touched.
 */
export function stagingLayoutDir(dir: string): string {
  return `${dir}.partial`;
}

/** The commands of one build: the build, then the export into the staging folder (null when the build writes the layout itself). */
export function buildCommands(
  adapter: BuilderAdapter,
  request: BuildRequest,
): { build: string[]; export: string[] | null } {
  if (request.ociLayoutDir === undefined) return { build: adapter.buildArgv(request), export: null };
  const staging = stagingLayoutDir(request.ociLayoutDir);
  const staged = { ...request, ociLayoutDir: staging };
  return { build: adapter.buildArgv(staged), export: adapter.exportArgv(exportRequest(staged, staging)) };
}

/** Replaces the layout at `dir` (when there is one) with the complete one in its staging folder. */
async function moveLayoutIntoPlace(dir: string): Promise<void> {
  await prepareLayoutDir(dir);
  await rename(stagingLayoutDir(dir), dir);
}

async function build(adapter: BuilderAdapter, run: RunFn, request: BuildRequest, hooks: BuildHooks) {
  const layoutDir = request.ociLayoutDir;
  if (layoutDir !== undefined) {
    await prepareLayoutDir(layoutDir);
    await rm(stagingLayoutDir(layoutDir), { recursive: true, force: true });
  }
  const env = adapter.buildEnv(request);
  const buildHooks = Object.keys(env).length === 0 ? hooks : { ...hooks, env: { ...hooks.env, ...env } };
  const commands = buildCommands(adapter, request);
  const built = await runStep(run, commands.build, 'build', buildHooks);
  let last = built;
  let durationMs = built.durationMs;
  if (built.exitCode !== 0 || built.aborted) return failed('build', built, durationMs);
  if (commands.export !== null) {
    last = await runStep(run, commands.export, 'export', hooks);
    durationMs += last.durationMs;
    if (last.exitCode !== 0 || last.aborted) return failed('export', last, durationMs);
  }
  if (layoutDir !== undefined) await moveLayoutIntoPlace(layoutDir);
  const layout = layoutDir === undefined ? undefined : await readOciLayout(layoutDir);
  const result: BuildResult = {
    ok: true,
    step: commands.export === null ? 'build' : 'export',
    exitCode: 0,
    aborted: false,
    durationMs,
    tail: last.tail,
    imageId: (await readImageId(request.iidFile)) ?? layout?.configDigest,
    manifestDigest: layout?.manifestDigest,
    ociLayoutDir: layoutDir,
  };
  return result;
}

/** How a built image is exported to its OCI layout folder: in the format it was built in. */
export function exportRequest(request: BuildRequest, ociLayoutDir: string): ExportRequest {
  return { image: request.image, ociLayoutDir, ...(request.format === undefined ? {} : { format: request.format }) };
}

/** A builder that can both construct argv and run it. `run` is replaceable for tests. */
export function createBuilder(name: BuilderName, settings: BuilderSettings = {}, run: RunFn = runProcess): Builder {
  const adapter = createAdapter(name, settings);
  return {
    ...adapter,
    build: (request, hooks = {}) => build(adapter, run, request, hooks),
    async remove(image, hooks = {}) {
      const argv = adapter.removeArgv(image);
      return argv === null ? null : runStep(run, argv, 'remove', hooks);
    },
  };
}
