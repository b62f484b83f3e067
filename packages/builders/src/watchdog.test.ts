import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseWatchdogReport } from './watchdog.js';

/**
 * A run killed with SIGKILL takes its builders with it: a real parent process (runProcess from
 * this package's source, bundled with esbuild) starts a command, is killed with `kill -9`, and the
 * command's whole process group must be gone; a command that handles SIGTERM gets it first and
 * can clean up (and write while doing so) before it exits.
 */
let dir: string;
let parentScript: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-watchdog-'));
  parentScript = join(dir, 'parent.cjs');
  const source = fileURLToPath(new URL('./run-process.ts', import.meta.url));
  await build({
    stdin: {
      contents: `import { runProcess } from ${JSON.stringify(source)};
const [grace, whenOrphaned, ...argv] = process.argv.slice(2);
void runProcess(argv, { killGraceMs: Number(grace), whenOrphaned, onLine: (line) => console.log(line) });`,
      resolveDir: dir,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: parentScript,
    logLevel: 'silent',
  });
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts the parent running `argv`; resolves when the command printed `ready`. */
function startParent(argv: readonly string[], graceMs: number, mode = 'terminate'): Promise<ChildProcess> {
  const parent = spawn(process.execPath, [parentScript, String(graceMs), mode, ...argv], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let seen = '';
    parent.stdout?.on('data', (chunk) => {
      seen += String(chunk);
      if (seen.includes('ready')) resolve(parent);
    });
    parent.once('exit', (code) => reject(new Error(`the parent exited (${code}) before the command was ready`)));
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Waits (up to `limitMs`, polling) until none of the pids runs; returns those still running. */
async function survivors(pids: readonly number[], limitMs: number): Promise<number[]> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const left = pids.filter(alive);
    if (left.length === 0 || Date.now() > deadline) return left;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function kill9(parent: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => parent.once('exit', () => resolve()));
  parent.kill('SIGKILL');
  return exited;
}

describe('builders die with the run', () => {
  it('kill -9 of the run kills the command and everything it started', async () => {
    const pids = join(dir, 'pids');
    const script = `sleep 300 & echo $! > ${pids}; sleep 300 & echo $! >> ${pids}; echo $$ >> ${pids}; echo ready; wait`;
    const parent = await startParent(['sh', '-c', script], 5_000);
    const started = (await readFile(pids, 'utf8')).trim().split('\n').map(Number);
    expect(started).toHaveLength(3);
    expect(started.filter(alive)).toEqual(started);
    await kill9(parent);
    // Killing takes a moment (the watchdog reads end-of-file, then signals); a live orphan stays.
    expect(await survivors(started, 20_000)).toEqual([]);
  }, 60_000);

  it('the command gets SIGTERM first and may write while it cleans up', async () => {
    const done = join(dir, 'cleaned');
    const pid = join(dir, 'trap-pid');
    const script = `trap 'for i in 1 2 3 4 5; do echo cleaning $i; sleep 0.1; done; echo yes > ${done}; exit 0' TERM; echo $$ > ${pid}; echo ready; while :; do sleep 0.2; done`;
    const parent = await startParent(['sh', '-c', script], 20_000);
    const shell = Number((await readFile(pid, 'utf8')).trim());
    await kill9(parent);
    expect(await survivors([shell], 20_000)).toEqual([]);
    expect(existsSync(done) ? await readFile(done, 'utf8') : 'no cleanup').toBe('yes\n');
  }, 60_000);

  it('a command that ignores SIGTERM is killed after the grace', async () => {
    const pid = join(dir, 'stubborn-pid');
    const script = `trap '' TERM; echo $$ > ${pid}; echo ready; while :; do sleep 0.2; done`;
    const parent = await startParent(['sh', '-c', script], 300);
    const shell = Number((await readFile(pid, 'utf8')).trim());
    await kill9(parent);
    expect(await survivors([shell], 20_000)).toEqual([]);
  }, 60_000);
});

describe('a builder whose run is gone fails its step instead of dying (stop-steps)', () => {
  it("stops the command's own processes, not the command, which then finishes by itself", async () => {
    const log = join(dir, 'steps.log');
    const pid = join(dir, 'steps-pid');
    const script = `trap 'echo main-got-term >> ${log}' TERM; echo $$ > ${pid}; echo ready; sleep 300; echo step-failed-$? >> ${log}; echo cleaned >> ${log}`;
    const parent = await startParent(['sh', '-c', script], 20_000, 'stop-steps');
    const shell = Number((await readFile(pid, 'utf8')).trim());
    await kill9(parent);
    expect(await survivors([shell], 20_000)).toEqual([]);
    expect(await readFile(log, 'utf8')).toBe('step-failed-143\ncleaned\n');
  }, 60_000);
});

describe('parseWatchdogReport', () => {
  it('reads the start error line, and nothing from empty text', () => {
    expect(parseWatchdogReport('')).toBeUndefined();
    expect(parseWatchdogReport('{"code":"ENOENT","message":"spawn x ENOENT"}\n')).toEqual({
      code: 'ENOENT',
      message: 'spawn x ENOENT',
    });
    expect(parseWatchdogReport('garbled')).toEqual({ message: 'garbled' });
  });
});
