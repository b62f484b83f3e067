/**
 * The watchdog every builder process runs under. Node has no PR_SET_PDEATHSIG, so a builder started
 * by a run that is killed with SIGKILL would keep running (and keep its containers). Instead,
 * runProcess starts `node -e WATCHDOG_SOURCE -- <graceMs> <file> <args...>` as the leader of a new
 * process group, and the watchdog starts the builder in that group:
 *
 * - its stdin is a pipe from the run that the run never writes to: when the run dies, the kernel
 *   closes the run's end and the watchdog reads end-of-file. It then sends SIGTERM to its group
 *   (buildah removes its build containers on SIGTERM with `--force-rm`), and SIGKILL after the grace;
 * - it relays the builder's output while the run lives and drains it afterwards, so a builder that
 *   writes during its cleanup is not killed by SIGPIPE half-way;
 * - SIGTERM and SIGINT sent to the group (the run's abort) are for the builder: the watchdog waits
 *   for it and exits as it did (same code, or the same signal);
 * - a builder that cannot start is reported on fd 3 as one JSON line `{"code","message"}`.
 *
 * Plain JavaScript in a string, so the bundled CLI needs no extra file.
 */
export const WATCHDOG_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const { writeSync } = require('node:fs');
const [grace, file, ...args] = process.argv.slice(1);
let runGone = false;
const killGroup = (signal) => { try { process.kill(-process.pid, signal); } catch {} };
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => {});
process.stdout.on('error', () => {});
process.stderr.on('error', () => {});
const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
const relay = (from, to) => from.on('data', (chunk) => { if (!runGone) to.write(chunk); });
relay(child.stdout, process.stdout);
relay(child.stderr, process.stderr);
process.stdin.on('data', () => {});
process.stdin.on('close', () => {
  if (runGone) return;
  runGone = true;
  killGroup('SIGTERM');
  setTimeout(() => killGroup('SIGKILL'), Number(grace)).unref();
});
child.on('error', (error) => {
  try { writeSync(3, JSON.stringify({ code: error.code, message: error.message }) + '\\n'); } catch {}
  process.exit(127);
});
child.on('close', (code, signal) => {
  if (runGone) killGroup('SIGKILL');
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  process.exit(code ?? 1);
});
`;

/** The argv that runs `argv` under the watchdog (the node running this code runs the watchdog). */
export function watchdogArgv(argv: readonly string[], graceMs: number): string[] {
  return [process.execPath, '-e', WATCHDOG_SOURCE, '--', String(graceMs), ...argv];
}

/** What the watchdog reports on fd 3 when the builder cannot start. */
export interface WatchdogStartError {
  readonly code?: string;
  readonly message?: string;
}

/** The start error in the watchdog's fd-3 text, or undefined when it reported none. */
export function parseWatchdogReport(text: string): WatchdogStartError | undefined {
  const line = text.split('\n').find((l) => l.trim() !== '');
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line) as WatchdogStartError;
  } catch {
    return { message: line };
  }
}
