import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Builder, BuildRequest, BuildResult } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildEvent } from './events.js';
import { acquireRunLock } from './lock.js';
import type { BuildPorts } from './ports.js';
import { runBuild } from './run-build.js';
import type { BuildRunSettings } from './settings.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {} } }
  app: { kind: app, from: os:1, versions: { "1.0.0": {} } }
`,
  'catalog.yaml',
);
const templates = {
  templates: new Map([
    ['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n'],
    ['images/app/Dockerfile.hbs', 'ARG BASE_IMAGE={{baseImage}}\nFROM ${BASE_IMAGE}\nUSER 10001\n'],
  ]),
  partials: [],
};

/** Ports whose builder calls `onBuild` and whose registry records every push and tag. */
function fakePorts(
  onBuild: (request: BuildRequest, signal?: AbortSignal) => Promise<BuildResult>,
  failTagCall?: number,
) {
  const calls: string[] = [];
  const builder = {
    name: 'buildah',
    build: (request: BuildRequest, hooks?: { signal?: AbortSignal }) => onBuild(request, hooks?.signal),
  } as unknown as Builder;
  const written = new Map<string, string>();
  const registry = {
    resolve: async (ref: string) => {
      const digest = written.get(ref);
      return digest ? { digest, mediaType: '', size: 1 } : undefined;
    },
    imageLabels: async () => ({}),
    listTags: async () => [],
    pushOciLayout: async (_dir: string, repository: string) => {
      calls.push(`push ${repository}`);
      return { digest: `sha256:${'1'.repeat(64)}`, mediaType: '', size: 1, blobs: [] };
    },
    tag: async (repository: string, digest: string, tag: string) => {
      if (calls.filter((c) => c.startsWith('tag ')).length + 1 === failTagCall) throw new Error('connection reset');
      calls.push(`tag ${repository}:${tag}`);
      written.set(`${repository}:${tag}`, digest);
    },
  };
  // Every label the renderer adds, as a built image would have them.
  const labels = Object.fromEntries(
    ['title', 'version', 'created', 'revision', 'base.name', 'base.digest'].map((k) => [
      `org.opencontainers.image.${k}`,
      'x',
    ]),
  );
  const readImageConfig = async () => ({
    config: { Labels: { ...labels, 'io.catalog.id': 'x', 'io.catalog.kind': 'x' } },
  });
  const ports = {
    builder,
    registry,
    readImageConfig,
    runCommand: async () => ({}),
    smokeTest: async () => ({ ok: true, output: '' }),
  };
  return { ports: ports as unknown as BuildPorts, calls };
}

function settings(overrides: Partial<BuildRunSettings> & { events?: BuildEvent[] } = {}): BuildRunSettings {
  return testRunSettings({ onEvent: (event) => overrides.events?.push(event), ...overrides });
}

const ok = (): BuildResult =>
  ({
    ok: true,
    step: 'export',
    exitCode: 0,
    aborted: false,
    durationMs: 1,
    tail: [],
    imageId: 'sha256:i',
    manifestDigest: `sha256:${'2'.repeat(64)}`,
    ociLayoutDir: '/x',
  }) as BuildResult;

describe('runBuild', () => {
  it('builds parents first, pushes by digest, then tags', async () => {
    const { ports, calls } = fakePorts(async () => ok());
    const report = await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: settings(),
      ports,
      command: 'test',
    });
    expect(report.summary).toMatchObject({ built: 2, failed: 0 });
    expect(calls).toEqual([
      'push r.example/acme/os',
      'push r.example/acme/app',
      'tag r.example/acme/os:1-r1',
      'tag r.example/acme/os:1',
      'tag r.example/acme/app:1.0.0-r1',
      'tag r.example/acme/app:1.0.0',
      'tag r.example/acme/app:1.0',
      'tag r.example/acme/app:1',
    ]);
  });

  it('on interrupt stops the running build, pushes and tags nothing, and reports it', async () => {
    const controller = new AbortController();
    const { ports, calls } = fakePorts(
      (_request, signal) =>
        new Promise((resolve) => {
          // Ctrl-C while the first build runs; the builder stops because its signal aborted.
          controller.abort();
          if (signal?.aborted) resolve({ ...ok(), ok: false, aborted: true, exitCode: 143 });
        }),
    );
    const report = await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: settings({ signal: controller.signal }),
      ports,
      command: 'test',
    });
    expect(report.interrupted).toBe(true);
    expect(report.nodes.map((n) => [n.id, n.status, n.reason])).toEqual([
      ['os:1', 'failed', 'interrupted'],
      ['app:1.0.0', 'skipped', 'interrupted'],
    ]);
    expect(calls).toEqual([]);
  });

  it('holds the run lock: a second run on the same workspace and registry is refused', async () => {
    let started: () => void = () => {};
    const building = new Promise<void>((resolve) => (started = resolve));
    const { ports } = fakePorts(async () => {
      started();
      return ok();
    });
    const shared = settings();
    const first = runBuild({ loaded, nodes: loaded.graph.order, templates, settings: shared, ports, command: 'first' });
    await building;
    await expect(
      runBuild({ loaded, nodes: loaded.graph.order, templates, settings: shared, ports, command: 'second' }),
    ).rejects.toThrow(/another build for r\.example\/acme is running: pid \d+ on .* \(first/);
    await first;
  });

  it('writes each ledger line as its tag moves: a run killed at the 3rd tag has the 2 lines before', async () => {
    const { ports } = fakePorts(async () => ok(), 3);
    const run = settings();
    const ledger = join(run.out, 'publish-ledger.jsonl');
    const registry = ports.registry;
    let onDisk = '';
    const tag: typeof registry.tag = async (...args) => {
      // What a kill at this moment leaves on disk.
      onDisk = readFileSync(ledger, { encoding: 'utf8', flag: 'a+' });
      return registry.tag(...args);
    };
    const report = await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: { ...run, ledger },
      ports: { ...ports, registry: { ...registry, tag } },
      command: 'test',
    });
    expect(report.publishFailure?.message).toBe('connection reset');
    const expected = [
      { id: 'os:1', repository: 'r.example/acme/os', tag: '1-r1', command: 'test' },
      { id: 'os:1', repository: 'r.example/acme/os', tag: '1', command: 'test' },
    ];
    for (const text of [onDisk, readFileSync(ledger, 'utf8')]) {
      expect(
        text
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line)),
      ).toMatchObject(expected);
    }
  });

  it('calls the ledger before the next tag moves', async () => {
    const { ports, calls } = fakePorts(async () => ok());
    const ledgered: number[] = [];
    const store = {
      writeSbom: async () => {},
      readSbom: async () => undefined,
      writeSupplyFile: async (id: string, file: string) => `${id}/${file}`,
      writeReport: async () => {},
      appendLedger: async () => void ledgered.push(calls.length),
    };
    await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: settings(),
      ports: { ...ports, store },
      command: 't',
    });
    // Two pushes, then a ledger line after each of the six tags.
    expect(ledgered).toEqual([3, 4, 5, 6, 7, 8]);
  });
});

describe('a failed download', () => {
  it("names the mirror settings the node's Dockerfile uses in the failure's reason", async () => {
    const withMirrors = loadCatalog(
      `registry: r.example/acme
mirrors: { pypi: "https://pypi.org/simple", pythonBuild: "" }
images:
  os: { kind: os, versions: { "1": {} } }
`,
      'catalog.yaml',
    );
    const failing = {
      templates: new Map([
        ['images/os/Dockerfile.hbs', 'FROM scratch\nARG MIRROR_PYPI\nRUN pip download -i "${MIRROR_PYPI}" x\n'],
      ]),
      partials: [],
    };
    const tail = ['STEP 3/3: RUN pip download', 'curl: (6) Could not resolve host: pypi.org'];
    const { ports } = fakePorts(async () => ({ ...ok(), ok: false, step: 'build', exitCode: 1, tail }));
    const report = await runBuild({
      loaded: withMirrors,
      nodes: withMirrors.graph.order,
      templates: failing,
      settings: settings(),
      ports,
      command: 'test',
    });
    const reason = report.nodes[0]?.reason ?? '';
    expect(reason).toMatch(/^build failed \(exit 1\); log: .*; a download failed \(curl: \(6\) Could not resolve host/);
    expect(reason).toContain('point CATALOG_MIRROR_PYPI (mirrors.pypi) at a reachable mirror');
    expect(reason).not.toContain('PYTHON_BUILD');
  });
});

describe('runBuild: stale locks and interrupts', () => {
  it('warns, naming the old holder, when it takes over the lock of a killed run', async () => {
    const { ports } = fakePorts(async () => ok());
    const events: BuildEvent[] = [];
    const shared = settings({ events });
    const lock = await acquireRunLock(shared.out, { command: 'x', registry: shared.registry, started: '' }, new Date());
    await lock.release();
    const dead = {
      pid: 99_999_999,
      host: hostname(),
      started: '2026-01-01T00:00:00Z',
      command: 'catalog build --push',
    };
    writeFileSync(lock.file, JSON.stringify({ ...dead, registry: shared.registry }));
    await runBuild({ loaded, nodes: loaded.graph.order, templates, settings: shared, ports, command: 'next' });
    const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    expect(warnings).toEqual([
      expect.stringMatching(/pid 99999999 .*\(catalog build --push, since 2026-01-01T00:00:00Z\)/),
    ]);
  });

  it('removes what killed runs left once it holds the lock, and says so', async () => {
    const { ports } = fakePorts(async () => ok());
    const events: BuildEvent[] = [];
    const shared = settings({ events });
    let lockedWhenCalled = false;
    const withLeftovers = {
      ...ports,
      removeLeftovers: async () => {
        lockedWhenCalled = readdirSync(shared.out).some((name) => name.endsWith('.lock'));
        return ['the smoke-test container catalog-test-1-0a1b2c3d'];
      },
    };
    await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: shared,
      ports: withLeftovers,
      command: 'x',
    });
    expect(lockedWhenCalled).toBe(true);
    expect(events.flatMap((e) => (e.type === 'warning' ? [e.message] : []))).toEqual([
      'removed the smoke-test container catalog-test-1-0a1b2c3d, left by a run that is gone',
    ]);
  });

  it('on interrupt during a stalled push stops it, moves no tag, and reports interrupted', async () => {
    const controller = new AbortController();
    const { ports, calls } = fakePorts(async () => ok());
    let steps = 0;
    // A registry whose push never answers until the run's signal (given to the client) aborts it.
    Object.assign(ports.registry, {
      pushOciLayout: (_dir: string, repository: string) => {
        steps++;
        calls.push(`push ${repository}`);
        controller.abort();
        return new Promise((_resolve, reject) => {
          const fail = () => reject(new Error('interrupted'));
          if (controller.signal.aborted) fail();
          else controller.signal.addEventListener('abort', fail);
        });
      },
    });
    const report = await runBuild({
      loaded,
      nodes: loaded.graph.order,
      templates,
      settings: settings({ signal: controller.signal }),
      ports,
      command: 'test',
    });
    expect(report.interrupted).toBe(true);
    expect(steps).toBe(1);
    expect(calls).toEqual(['push r.example/acme/os']);
    expect(report.nodes.find((n) => n.id === 'app:1.0.0')?.status).toBe('skipped');
  });
});
