/**
 * The watchdog every builder process runs under. Node has no PR_SET_PDEATHSIG, so a builder started
 * by a run that is killed with SIGKILL would keep running (and keep its containers). Instead,
 * runProcess starts `node -e WATCHDOG_SOURCE -- <graceMs> <mode> <file> <args...>` as the leader of
 * a new process group, and the watchdog starts the command in that group:
 *
 * - its stdin is a pipe from the run that the run never writes to: when the run dies, the kernel
 *   closes the run's end and the watchdog reads end-of-file. Then, by `mode` (OrphanedMode):
 *   `terminate` sends SIGTERM to the group; `stop-steps` sends SIGTERM, every 100 ms, to every
 *   process of the group but the command itself (a builder's RUN steps): buildah dies on SIGTERM
 *   outside a RUN step and leaves its containers, but a failed step makes it remove them
 *   (`--force-rm`) and exit. Either way SIGKILL goes to the group after the grace;
 * - it relays the command's output while the run lives and drains it afterwards, so a command
 *   that writes during its cleanup is not killed by SIGPIPE half-way;
 * - SIGTERM and SIGINT sent to the group (the run's abort) are for the command: the watchdog waits
 *   for it and exits as it did (same code, or the same signal);
 * - a command that cannot start is reported on fd 3 as one JSON line `{"code","message"}`.
 *
 * Plain JavaScript in a string, so the bundled CLI needs no extra file. Linux: `stop-steps` finds
 * the group's processes in /proc.
 */
export const WATCHDOG_SOURCE = `
'use strict';
const { spawn } = require('node:child_process');
const { readdirSync, readFileSync, writeSync } = require('node:fs');
const [grace, mode, file, ...args] = process.argv.slice(1);
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
const groupOf = (pid) => {
  try {
    const stat = readFileSync('/proc/' + pid + '/stat', 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
  } catch { return -1; }
};
const stopSteps = () => {
  let names = [];
  try { names = readdirSync('/proc'); } catch {}
  for (const name of names) {
    const pid = Number(name);
    if (!pid || pid === process.pid || pid === child.pid || groupOf(pid) !== process.pid) continue;
    try { process.kill(pid, 'SIGTERM'); } catch {}
  }
};
process.stdin.on('close', () => {
  if (runGone) return;
  runGone = true;
  if (mode === 'stop-steps') { stopSteps(); setInterval(stopSteps, 100).unref(); }
  else killGroup('SIGTERM');
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

/** What the watchdog does when the run is gone: signal the whole group, or only the command's steps. */
export type OrphanedMode = 'terminate' | 'stop-steps';

/** The argv that runs `argv` under the watchdog (the node running this code runs the watchdog). */
export function watchdogArgv(argv: readonly string[], graceMs: number, mode: OrphanedMode = 'terminate'): string[] {
  return [process.execPath, '-e', WATCHDOG_SOURCE, '--', String(graceMs), mode, ...argv];
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
