import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { type FaultProxy, type FaultRule, startFaultProxy } from '@catalog/registry/test/fault-proxy';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { publishLockFile } from '@catalog/runner';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { e2eSkipReason } from './fixture.js';
import {
  type ChainOptions,
  chainWorkspace,
  fileAppears,
  ledgerTags,
  lockFiles,
  privateStorage,
  type RunningCatalog,
  registryTags,
  startCatalog,
  textAppears,
} from './interrupt-fixture.js';

/**
 * Ctrl-C (SIGINT) and SIGTERM while `catalog build --push` talks to the registry: the real command
 * builds a three-level chain with buildah and pushes through a fault proxy that holds one request
 * (a blob upload, a manifest PUT, a tag PUT); the signal comes while it is held. The run must stop
 * its network work, move no tag after the signal, print its summary, release its locks, exit 130,
 * keep a ledger line for every tag it moved, and leave no buildah container. A second signal exits
 * at once, and the locks are still released. Seconds from the signal to the exit are printed with
 * CATALOG_E2E_TIMES=1 (not asserted).
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);

type Request = Parameters<FaultRule['match']>[0];
const HELD = 600_000;
const isWrite = (line: string) => /^(PUT|POST|PATCH|DELETE) /.test(line);
/** A PUT of a manifest under a tag (package lists included), not by digest. */
const isTagPut = (r: Request) => r.method === 'PUT' && /\/manifests\/(?!sha256:)/.test(r.path);

interface Context {
  readonly proxy: FaultProxy;
  readonly running: RunningCatalog;
  readonly workspace: string;
  readonly cache: string;
}

interface Scenario {
  readonly name: string;
  readonly signals: readonly NodeJS.Signals[];
  /** The request the proxy holds. */
  readonly hold?: FaultRule;
  readonly chain?: ChainOptions;
  /** Before the run starts; returns the publish lock files that are not the run's. */
  readonly before?: (context: Omit<Context, 'running'>) => string[];
  /** Resolves when the first signal is due (called as the run starts). */
  readonly ready: (context: Context) => Promise<unknown>;
  /** Resolves when the second signal is due. */
  readonly between?: (context: Context) => Promise<unknown>;
}

const held = (hold: FaultRule): Pick<Scenario, 'hold' | 'ready'> => ({
  hold: { ...hold, times: 1 },
  ready: ({ proxy }) => proxy.arrival(hold.match),
});

const scenarios: Scenario[] = [
  {
    name: 'SIGINT while a blob upload stalls',
    signals: ['SIGINT'],
    ...held({
      match: (r) => r.method === 'PUT' && r.path.includes('/sig/runtime/blobs/uploads/'),
      fault: { stall: true },
    }),
  },
  {
    name: 'SIGTERM while a manifest PUT stalls',
    signals: ['SIGTERM'],
    ...held({
      match: (r) => r.method === 'PUT' && r.path.includes('/sig/app/manifests/sha256:'),
      fault: { stall: true },
    }),
  },
  {
    name: 'SIGINT in the tag phase (tag PUT delayed)',
    signals: ['SIGINT'],
    ...held({
      match: (r) => isTagPut(r) && r.path.endsWith('/sig/runtime/manifests/1.0-r1'),
      fault: { delayMs: HELD },
    }),
  },
  {
    name: 'SIGTERM in the tag phase (tag PUT delayed)',
    signals: ['SIGTERM'],
    ...held({ match: (r) => isTagPut(r) && r.path.endsWith('/sig/app/manifests/1.0.0'), fault: { delayMs: HELD } }),
  },
  {
    name: "SIGINT in the tag phase while another publisher holds the repository's lock",
    signals: ['SIGINT'],
    before: ({ proxy, cache }) => {
      const file = publishLockFile(join(cache, 'locks'), `${proxy.host}/sig/runtime`);
      mkdirSync(join(cache, 'locks'), { recursive: true });
      const holder = { pid: process.pid, host: hostname(), started: 'now', command: 'the test', repository: 'x' };
      writeFileSync(file, JSON.stringify(holder));
      return [basename(file)];
    },
    ready: ({ running }) => running.printed('waiting for the publish lock'),
  },
  {
    name: 'a second SIGINT while the first waits for a process that ignores SIGTERM',
    signals: ['SIGINT', 'SIGINT'],
    // The prepare step stands for any child slow to stop: it notes the signal and runs on.
    chain: {
      osPrepare: (dir) => [
        'sh',
        '-c',
        `trap 'echo stop > ${dir}/stop' INT TERM; echo $$ > ${dir}/ready; while :; do sleep 0.1; done`,
      ],
    },
    ready: ({ workspace }) => fileAppears(join(workspace, 'ready')),
    between: ({ workspace }) => fileAppears(join(workspace, 'stop')),
  },
  ...(['SIGINT', 'SIGTERM'] as const).map(
    (signal): Scenario => ({
      name: `${signal} while buildah runs a RUN step with a secret mount`,
      signals: [signal],
      // The builder gets the signal inside a RUN step (as the dry-run parity fixture's secret step):
      // the step fails and buildah removes its working containers (--force-rm).
      chain: {
        runtimeRun: 'RUN --mount=type=secret,id=token test -s /run/secrets/token && echo RUN-STARTED && sleep 600',
      },
      ready: ({ workspace }) => textAppears(join(workspace, 'out/logs/runtime_1.0.log'), '\nRUN-STARTED'),
    }),
  ),
];

describe.skipIf(skip)(`interrupting a publish${skip ? ` (skipped: ${skip})` : ''}`, { timeout: 20 * 60_000 }, () => {
  let storage: ReturnType<typeof privateStorage>;
  const times: string[] = [];
  let registry: LocalRegistry | undefined;
  let proxy: FaultProxy | undefined;
  let running: RunningCatalog | undefined;
  const folders: string[] = [];

  afterEach(async () => {
    running?.child.kill('SIGKILL');
    await proxy?.stop();
    await registry?.stop();
    for (const name of storage.containers()) storage.remove(name);
  }, 60_000);
  beforeAll(() => {
    storage = privateStorage();
    folders.push(storage.dir);
  });
  afterAll(() => {
    if (process.env.CATALOG_E2E_TIMES === '1') process.stdout.write(`${times.join('\n')}\n`);
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it.each(scenarios)('$name', async (scenario) => {
    registry = await startLocalRegistry();
    proxy = await startFaultProxy(registry.url, scenario.hold ? [scenario.hold] : []);
    const workspace = chainWorkspace(`${proxy.host}/sig`, scenario.chain);
    const token = join(workspace, 'token.txt');
    writeFileSync(token, 'not-a-real-token\n', { mode: 0o600 });
    const cache = tempDir('catalog-e2e-cache-');
    folders.push(workspace, cache);
    const othersLocks = scenario.before?.({ proxy, workspace, cache }) ?? [];
    running = startCatalog(workspace, ['build', '--push', '--jobs', '1', '--report', 'report.json'], {
      ...storage.env,
      CATALOG_CACHE: cache,
      E2E_TOKEN: token,
      // A held request that the signal does not stop would hang the test (no timeout rescues it).
      CATALOG_REGISTRY_TIMEOUT: '3600',
    });
    const context = { proxy, running, workspace, cache };
    const early = running.done.then((r) => {
      throw new Error(`the run ended before the signal: ${r.code}\n${r.stdout}${r.stderr}`);
    });
    early.catch(() => undefined);
    await Promise.race([scenario.ready(context), early]);
    const atSignal = await registryTags(registry.url);
    const mark = proxy.arrivals.length;
    const sent = performance.now();
    const [first, ...more] = scenario.signals;
    running.child.kill(first);
    for (const signal of more) {
      await Promise.race([scenario.between?.(context), early]);
      running.child.kill(signal);
    }
    const result = await running.done;
    times.push(`${scenario.name}: exit ${((performance.now() - sent) / 1000).toFixed(2)} s after the first signal`);
    const output = result.stdout + result.stderr;

    expect({ code: result.code, signal: result.signal }, output).toEqual({ code: 130, signal: null });
    // Nothing written to the registry after the signal: no blob, manifest or tag.
    expect(proxy.arrivals.slice(mark).filter(isWrite)).toEqual([]);
    expect(await registryTags(registry.url)).toEqual(atSignal);
    expect(lockFiles(join(workspace, 'out')), 'run lock').toEqual([]);
    expect(lockFiles(join(cache, 'locks')), 'publish locks').toEqual(othersLocks);
    expect(storage.containers()).toEqual([]);
    // Every image tag in the registry (it started empty) has its ledger line.
    // Attachments (SBOM, provenance, cosign's signature and attestations) are not tag moves.
    const imageTags = [...atSignal].filter(([tag]) => !/:sha256-[0-9a-f]{64}\.[a-z]+$/.test(tag));
    const ledger = join(workspace, 'out/publish-ledger.jsonl');
    expect(existsSync(ledger) ? [...ledgerTags(ledger)].sort() : []).toEqual(imageTags.sort());
    if (more.length === 0) {
      expect(result.stdout).toContain('interrupted; rerun to complete');
      const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')) as { interrupted: boolean };
      expect(report.interrupted).toBe(true);
    }
  });
});
