import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type FaultProxy, startFaultProxy } from '@catalog/registry/test/fault-proxy';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { CATALOG_BIN, e2eSkipReason } from './fixture.js';
import {
  containersIn,
  killNineWorkspace,
  privateStorage,
  processesOf,
  removeContainersIn,
  setStamp,
} from './kill-nine-fixture.js';
import { digestOf, tagsOf } from './registry-api.js';

/**
 * `catalog build --push` killed with SIGKILL at a random moment, 20 times (seeded: the seed is
 * printed; CATALOG_KILL9_SEED repeats a series), each kill aimed at one phase (build, smoke test, push, tag; the
 * fault proxy delays every tag write so that the tag phase lasts long enough to be hit). After each
 * kill: every tag the registry moved has its ledger line and no line is half written, the lock names
 * the killed pid, no builder process outlives the run; then the next run takes the lock over naming
 * the killed one, finishes, and leaves no container and no temporary file.
 */
const skip = e2eSkipReason(['/usr/bin/buildah']);
const KILLS = Number(process.env.CATALOG_KILL9_KILLS ?? 20);
const PHASES = ['build', 'test', 'push', 'tag'] as const;
type Phase = (typeof PHASES)[number];
const REPOSITORIES = ['k9/os', 'k9/runtime', 'k9/app'];

/** A small seeded generator (mulberry32), so a failing series can be repeated. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tag write (not a push by digest, not an attachment: SBOM, provenance, signature, attestation). */
const isTagPut = (r: { method: string; path: string }) =>
  r.method === 'PUT' &&
  /\/manifests\/[^/]+$/.test(r.path) &&
  !/manifests\/sha256:/.test(r.path) &&
  !/manifests\/sha256-[0-9a-f]{64}\.[a-z]+$/.test(r.path);

interface Ledger {
  readonly lines: { repository: string; tag: string; digest: string }[];
  readonly text: string;
}

describe.skipIf(skip)(`kill -9 at random moments${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 30 * 60_000 }, () => {
  let registry: LocalRegistry;
  let proxy: FaultProxy;
  let dir: string;
  let workspace: string;
  let env: Record<string, string>;
  const marker = `CATALOG_KILL9_RUN=${process.pid}-${Date.now()}`;

  beforeAll(async () => {
    registry = await startLocalRegistry();
    proxy = await startFaultProxy(registry.url, [{ match: isTagPut, fault: { delayMs: 300 } }]);
    dir = tempDir('catalog-kill9-');
    workspace = join(dir, 'workspace');
    mkdirSync(workspace);
    mkdirSync(join(dir, 'tmp'));
    killNineWorkspace(workspace, `${proxy.host}/k9`);
    env = {
      ...privateStorage(dir),
      CATALOG_CACHE: join(dir, 'cache'),
      TMPDIR: join(dir, 'tmp'),
      // Credentials make the run write the builder's auth file (a temporary file to clean up).
      CATALOG_REGISTRY_USERNAME: 'k9',
      CATALOG_REGISTRY_PASSWORD: 'k9-password',
      [marker.split('=')[0] as string]: marker.split('=')[1] as string,
    };
  }, 120_000);

  afterAll(async () => {
    if (dir) {
      for (const { pid } of processesOf(marker, dir)) process.kill(pid, 'SIGKILL');
      removeContainersIn(env);
      spawnRm(dir);
    }
    try {
      await proxy?.stop();
    } finally {
      await registry?.stop();
    }
  });

  function start(extra: readonly string[] = []): {
    child: ChildProcess;
    output: () => string;
    exited: Promise<number | null>;
  } {
    const child = spawn('node', [CATALOG_BIN, 'build', '--push', '--json', '--jobs', '2', ...extra], {
      cwd: workspace,
      env: { ...process.env, CI: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let text = '';
    child.stdout?.on('data', (chunk) => {
      text += String(chunk);
    });
    child.stderr?.on('data', (chunk) => {
      text += String(chunk);
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { child, output: () => text, exited };
  }

  /** A whole run (the next run after a kill skips the smoke tests: it only has to finish the work). */
  async function finish(extra: readonly string[] = []): Promise<{ code: number | null; output: string }> {
    const run = start(extra);
    const code = await run.exited;
    await new Promise((resolve) => setImmediate(resolve));
    return { code, output: run.output() };
  }

  async function registryState(): Promise<Map<string, string | undefined>> {
    const state = new Map<string, string | undefined>();
    for (const repository of REPOSITORIES) {
      for (const tag of await tagsOf(registry.url, repository)) {
        state.set(`${repository}:${tag}`, await digestOf(registry.url, repository, tag));
      }
    }
    return state;
  }

  function ledger(): Ledger {
    const file = join(workspace, 'out/publish-ledger.jsonl');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const lines = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line));
    return { lines, text };
  }

  function lockHolder(): { pid: number } | undefined {
    const out = join(workspace, 'out');
    const lock = readdirSync(out).find((name) => /^build-[0-9a-f]+\.lock$/.test(name));
    return lock ? JSON.parse(readFileSync(join(out, lock), 'utf8')) : undefined;
  }

  /** Temporary files anywhere under the workspace and the run's TMPDIR. */
  function temporaries(): string[] {
    const found: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(folder, { withFileTypes: true })) {
        const path = join(folder, entry.name);
        if (/\.tmp$|^catalog-auth-/.test(entry.name)) found.push(relative(dir, path));
        else if (entry.isDirectory()) walk(path);
      }
    };
    walk(workspace);
    walk(join(dir, 'tmp'));
    return found;
  }

  it(`leaves a consistent state after ${KILLS} kills`, async () => {
    const seed = Number(process.env.CATALOG_KILL9_SEED ?? Date.now() % 1_000_000);
    process.stdout.write(`kill -9 series: seed ${seed} (CATALOG_KILL9_SEED=${seed} repeats it)\n`);
    const next = random(seed);
    const first = await finish();
    expect(first.code, first.output).toBe(0);
    const landed: Record<string, number> = {};
    const measured: string[] = [];
    for (let round = 1; round <= KILLS; round++) {
      setStamp(workspace, `run-${round}`);
      const before = await registryState();
      const ledgerBefore = ledger().lines.length;
      const aim: Phase = PHASES[Math.floor(next() * PHASES.length)] as Phase;
      const delay = Math.floor(next() * { build: 3000, test: 600, push: 1500, tag: 2500 }[aim]);
      const proxyMark = proxy.log.length;
      const run = start();
      const phase = await killInPhase(run, aim, delay, proxyMark);
      landed[phase] = (landed[phase] ?? 0) + 1;

      // The ledger: every line whole. The tags the killed run moved are checked after the next run:
      // a kill between a tag's move and its line leaves the line to the write-ahead note, which the
      // next run turns into the line (ledger-journal.ts).
      const after = ledger();
      expect(after.text === '' || after.text.endsWith('\n'), `round ${round}: half-written ledger line`).toBe(true);
      const moved = [...(await registryState())].filter(([ref, digest]) => before.get(ref) !== digest);
      // The lock names the killed run, which is gone (unless the run finished before the kill).
      if (phase !== 'done') expect(lockHolder()?.pid, `round ${round}: the lock's holder`).toBe(run.child.pid);
      // No builder outlives the run (the watchdog kills its group: SIGTERM, SIGKILL after the grace).
      const leftAtKill = processesOf(marker, dir).length;
      const orphans = await waitForNoProcesses(marker, dir, 30_000);
      expect(orphans, `round ${round}: orphan processes`).toEqual([]);
      const containersAfterKill = containersIn(env);
      const temporariesAfterKill = temporaries().length;

      // The next run takes the lock over, naming the killed run, and finishes.
      const resumed = await finish(['--no-test']);
      expect(resumed.code, resumed.output).toBe(0);
      if (phase !== 'done') expect(resumed.output).toContain(`took over the stale build lock`);
      if (phase !== 'done') expect(resumed.output).toContain(`of pid ${run.child.pid} `);
      expect(containersIn(env), `round ${round}: containers after the next run`).toEqual([]);
      expect(temporaries(), `round ${round}: temporary files after the next run`).toEqual([]);
      const completed = ledger();
      expect(completed.text.endsWith('\n')).toBe(true);
      for (const [ref, digest] of moved) {
        const line = completed.lines.find(
          (l) => `${l.repository.replace(/^[^/]+\//, '')}:${l.tag}` === ref && l.digest === digest,
        );
        expect(line, `round ${round} (${phase}): ${ref} moved to ${digest} without a ledger line`).toBeDefined();
      }
      const final = await registryState();
      for (const ref of ['k9/os:1', 'k9/runtime:1.0', 'k9/app:1.0.0']) {
        expect(final.get(ref), `round ${round}: ${ref}`).toBeDefined();
      }
      measured.push(
        `round ${round}: aimed ${aim} +${delay} ms, landed ${phase}; at the kill ${leftAtKill} processes, then ${containersAfterKill.length} containers ${containersAfterKill.join(' ')}, ${temporariesAfterKill} temporary files; ledger +${ledger().lines.length - ledgerBefore}`,
      );
    }
    process.stdout.write(`kill -9 series (seed ${seed}):\n${measured.join('\n')}\nlanded: ${JSON.stringify(landed)}\n`);
    expect(Object.values(landed).reduce((a, b) => a + b, 0)).toBe(KILLS);
  });

  /** Waits for the aimed phase, then `delay` ms, kills the run; returns the phase it was in. */
  async function killInPhase(
    run: ReturnType<typeof start>,
    aim: Phase,
    delay: number,
    proxyMark: number,
  ): Promise<Phase | 'done'> {
    const tagging = () => proxy.log.slice(proxyMark).some((line) => isTagPut(parseLog(line)));
    const pushing = () => run.output().includes('"step":"push"');
    const building = () => run.output().includes('"step":"build"');
    // A smoke test's working container exists from its `from` to its `rm`.
    const testing = () => run.output().includes('"step":"test"');
    const reached = { build: building, test: testing, push: pushing, tag: tagging }[aim];
    let exited = false;
    void run.exited.then(() => {
      exited = true;
    });
    while (!reached() && !exited) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, delay));
    const phase: Phase | 'done' = exited
      ? 'done'
      : tagging()
        ? 'tag'
        : pushing()
          ? 'push'
          : testing()
            ? 'test'
            : 'build';
    run.child.kill('SIGKILL');
    await run.exited;
    return phase;
  }
});

function parseLog(line: string): { method: string; path: string } {
  const [method = '', path = ''] = line.split(' ');
  return { method, path };
}

async function waitForNoProcesses(marker: string, dir: string, limitMs: number) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const left = processesOf(marker, dir);
    if (left.length === 0 || Date.now() > deadline) return left.map((p) => p.command);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function spawnRm(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // vfs layers may hold read-only folders; buildah's own storage is removed with its graph.
  }
}
