import { execFile } from 'node:child_process';
import { BuilderError } from './errors.js';
import { signalNumber, startError } from './run-process.js';

export interface QueryResult {
  /** The exit code; 128 + the signal's number when a signal ended the process. */
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** More output than a query is expected to give (a whole catalog file is well under this). */
const MAX_OUTPUT = 64 * 1024 * 1024;

/**
 * Runs a short command (`git diff --name-only`, `git show`, a credential helper's `get` with its
 * input on stdin) and returns its output. Unlike runProcess it has no streaming, log or process
 * group: it starts a process in a few milliseconds, which is what a quick command such as
 * `catalog plan --affected` is waiting on. A timeout or an abort signal stops it.
 */
export function runQuery(argv: readonly string[], options: QueryOptions = {}): Promise<QueryResult> {
  const [file, ...args] = argv;
  if (file === undefined || file === '') return Promise.reject(new BuilderError('cannot run an empty command'));
  return new Promise((resolve, reject) => {
    const env = options.env === undefined ? {} : { env: withoutUndefined(options.env) };
    const limits = {
      ...(options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    };
    const settings = { cwd: options.cwd, encoding: 'utf8' as const, maxBuffer: MAX_OUTPUT, ...env, ...limits };
    const child = execFile(file, args, settings, (error, stdout, stderr) => {
      if (error === null) return resolve({ exitCode: 0, stdout, stderr });
      if (typeof error.code === 'number') return resolve({ exitCode: error.code, stdout, stderr });
      if (options.signal?.aborted) return reject(new BuilderError(`${file} was stopped: interrupted`));
      if (error.signal) return resolve({ exitCode: 128 + signalNumber(error.signal), stdout, stderr });
      if (error.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
        return reject(new BuilderError(`${file} ${args.join(' ')} printed more than ${MAX_OUTPUT} bytes`));
      }
      reject(startError(file, options.cwd, error.code ?? undefined, error.message));
    });
    // A command that exits without reading its input closes the pipe early: not an error here.
    child.stdin?.on('error', () => {});
    child.stdin?.end(options.input ?? '');
  });
}

export interface QueryOptions {
  readonly cwd?: string;
  /** Written to the command's stdin (then closed); default nothing. */
  readonly input?: string;
  /** The whole environment of the command (its PATH finds the executable); default the current one. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Kills the command (SIGTERM) after this long; it then ends as 128 + 15. Default: no limit. */
  readonly timeoutMs?: number;
  /** Kills the command when aborted; the query then fails (not started, or aborted). */
  readonly signal?: AbortSignal;
}

function withoutUndefined(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}
