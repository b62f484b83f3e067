import { existsSync } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { BuilderError } from './errors.js';
import { installHint } from './install-hints.js';
import { trackGroup } from './process-group.js';
import { formatArgv, redactArgv } from './redact.js';
import { type OrphanedMode, parseWatchdogReport, watchdogArgv } from './watchdog.js';

export type OutputStream = 'stdout' | 'stderr';

export interface RunOptions {
  readonly cwd?: string;
  /** Added to the current environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Aborting kills the process and everything it started (it runs in its own process group):
   * SIGTERM, then SIGKILL after `killGraceMs`. A terminal's Ctrl-C reaches the process only through
   * this signal, so callers abort it on SIGINT.
   */
  readonly signal?: AbortSignal;
  /** Every output line (without its newline), in order within each stream. */
  readonly onLine?: (line: string, stream: OutputStream) => void;
  /** Appended: a header with the (redacted) command, every output line, a footer with the exit code. */
  readonly logFile?: string;
  /** Called with the command (secrets hidden) just before it starts. */
  readonly onCommand?: (argv: readonly string[]) => void;
  /** Default 10 s. */
  readonly killGraceMs?: number;
  /**
   * When this process dies first (even by SIGKILL), the watchdog stops the command: `terminate`
   * (default) signals its whole group; `stop-steps` only the processes it started (a builder's
   * RUN steps), so that the builder fails the step and removes its containers (see watchdog.ts).
   */
  readonly whenOrphaned?: OrphanedMode;
  /** How many of the last lines `tail` keeps; default 30. */
  readonly tailLines?: number;
}

export interface ProcessResult {
  /** The exit code; 128 + the signal's number when a signal ended the process. */
  readonly exitCode: number;
  /** The signal that ended the process, if one did. */
  readonly signal: string | undefined;
  /** true when `options.signal` aborted the run. */
  readonly aborted: boolean;
  readonly durationMs: number;
  /** The last lines of output, both streams in arrival order. */
  readonly tail: string[];
}

/**
 * Starts a process with streamed output, a log, its own process group and abort: builds and smoke
 * tests. With runQuery (short read-only queries), the one place the project starts processes.
 */
export async function runProcess(argv: readonly string[], options: RunOptions = {}): Promise<ProcessResult> {
  const [file] = argv;
  if (file === undefined || file === '') throw new BuilderError('cannot run an empty command');
  // Loaded on first use: a command that starts no build does not pay for loading execa.
  const { execa } = await import('execa');
  const log = options.logFile === undefined ? undefined : await openLog(options.logFile);
  const tail = new Tail(options.tailLines ?? 30);
  const onLine = (line: string, stream: OutputStream) => {
    tail.push(line);
    log?.write(`${line}\n`);
    options.onLine?.(line, stream);
  };
  log?.write(`$ ${formatArgv(argv)}\n`);
  options.onCommand?.(redactArgv(argv));
  const started = performance.now();
  const graceMs = options.killGraceMs ?? 10_000;
  // Under the watchdog (watchdog.ts): the builder's group dies with this process, even on SIGKILL.
  const [node, ...watched] = watchdogArgv(argv, graceMs, options.whenOrphaned);
  const subprocess = execa(node as string, watched, {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: { ...options.env },
    detached: true,
    reject: false,
    buffer: false,
    // stdin: the pipe whose end tells the watchdog that this process is gone; fd 3: start errors.
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
  });
  const pumps = [readLines(subprocess.stdout, 'stdout', onLine), readLines(subprocess.stderr, 'stderr', onLine)];
  const report = readAll(subprocess.stdio[3] as Readable | null);
  const group = trackGroup(subprocess.pid, options.signal, graceMs);
  const result = await subprocess.finally(group.release);
  await Promise.all(pumps);
  const durationMs = Math.round(performance.now() - started);
  const notStarted = parseWatchdogReport(await report);
  if (notStarted !== undefined || (result.exitCode === undefined && result.signal === undefined)) {
    const code = notStarted?.code ?? result.code;
    await closeLog(
      log,
      `# could not start: ${notStarted?.message ?? result.shortMessage ?? code ?? 'unknown error'}\n`,
    );
    throw startError(file, options.cwd, code, notStarted?.message ?? result.originalMessage ?? result.shortMessage);
  }
  const exitCode = result.exitCode ?? 128 + signalNumber(result.signal);
  const aborted = group.aborted();
  const how = aborted ? 'aborted, ' : result.signal === undefined ? '' : `${result.signal}, `;
  await closeLog(log, `# ${how}exit code ${exitCode} after ${durationMs} ms\n`);
  return { exitCode, signal: result.signal, aborted, durationMs, tail: tail.lines() };
}

/** Calls `onLine` for every line of a stream (a last line without a newline included). */
async function readLines(
  input: Readable | null,
  stream: OutputStream,
  onLine: (line: string, stream: OutputStream) => void,
): Promise<void> {
  if (input === null) return;
  try {
    for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) onLine(line, stream);
  } catch {
    // The stream failed (e.g. the process could not start); the result says why.
  }
}

/** Everything a stream carries, as text ('' for none). */
async function readAll(input: Readable | null): Promise<string> {
  if (input === null) return '';
  let text = '';
  try {
    for await (const chunk of input) text += String(chunk);
  } catch {
    // The stream failed: nothing was reported.
  }
  return text;
}

export function startError(
  file: string,
  cwd: string | undefined,
  code: string | undefined,
  detail: string | undefined,
) {
  if (cwd !== undefined && !existsSync(cwd)) {
    return new BuilderError(`cannot start ${file}: the directory ${cwd} does not exist`);
  }
  const why = code === 'ENOENT' ? 'not found' : (detail ?? code ?? 'unknown error');
  return new BuilderError(`cannot start ${file}: ${why}`, code === 'ENOENT' ? installHint(file) : undefined);
}

export function signalNumber(signal: string | undefined): number {
  if (signal === undefined) return 0;
  return (constants.signals as Record<string, number | undefined>)[signal] ?? 0;
}

interface Log {
  readonly stream: Writable;
  write(text: string): void;
}

async function openLog(path: string): Promise<Log> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const stream = (await open(path, 'a')).createWriteStream({ encoding: 'utf8' });
    return { stream, write: (text) => stream.write(text) };
  } catch (error) {
    throw new BuilderError(`cannot write the log file ${path}: ${(error as Error).message}`);
  }
}

async function closeLog(log: Log | undefined, footer: string): Promise<void> {
  if (log === undefined) return;
  await new Promise<void>((resolve, reject) => {
    log.stream.once('error', reject);
    log.stream.end(footer, () => resolve());
  });
}

/** A bounded list of the most recent lines. */
class Tail {
  private readonly kept: string[] = [];

  constructor(private readonly size: number) {}

  push(line: string): void {
    this.kept.push(line);
    if (this.kept.length > this.size) this.kept.shift();
  }

  lines(): string[] {
    return [...this.kept];
  }
}
