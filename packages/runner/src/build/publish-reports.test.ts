import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Cosign } from '@catalog/builders';
import { type BuildReport, InvalidInputError, loadCatalog, type NodeReport } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import type { BuildEvent } from './events.js';
import type { RegistryPort } from './ports.js';
import { PublishError } from './publish.js';
import { publishReports } from './publish-reports.js';
import { recordingPublishPorts } from './recording-ports.js';
import { fileRunStore } from './run-store.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  os:
    kind: os
    versions: { "13": {} }
  py:
    kind: runtime
    from: os:13
    versions: { "3.13": {}, "3.12": {} }
`,
  'catalog.yaml',
);
const nodes = loaded.graph.order;

/** An in-memory registry: references (tags and digests) → digest; indexes pushed are recorded. */
function fakeRegistry(digests: string[]) {
  const refs = new Map<string, string>();
  for (const digest of digests) for (const r of ['os', 'py']) refs.set(`r.example/acme/${r}@${digest}`, digest);
  const indexes: { repository: string; platforms: string[] }[] = [];
  const registry: RegistryPort = {
    resolve: async (ref) => {
      const digest = refs.get(ref);
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
    imageLabels: async () => ({}),
    listTags: async (repository) =>
      [...refs.keys()].filter((r) => r.startsWith(`${repository}:`)).map((r) => r.slice(repository.length + 1)),
    tag: async (repository, digest, tag) => void refs.set(`${repository}:${tag}`, digest),
    pushOciLayout: async () => {
      throw new Error('not used');
    },
    pushIndex: async (repository, entries) => {
      indexes.push({ repository, platforms: entries.map((e) => e.platform) });
      const digest = `sha256:index-${entries.map((e) => e.digest).join('+')}`;
      refs.set(`${repository}@${digest}`, digest);
      return { digest, mediaType: 'application/vnd.oci.image.index.v1+json', size: 1 };
    },
  };
  const tags = () =>
    Object.fromEntries(
      [...refs].filter(([r]) => !r.includes('@')).map(([r, d]) => [r.replace('r.example/acme/', ''), d]),
    );
  return { registry, tags, indexes };
}

function report(file: string, entries: NodeReport[]) {
  const r: BuildReport = {
    schemaVersion: 2,
    registry: 'r.example/acme',
    revision: 'c0ffee',
    pushed: true,
    published: false,
    interrupted: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: { built: entries.length, 'up-to-date': 0, failed: 0, skipped: 0 },
    nodes: entries,
  };
  return { file, report: r };
}
const built = (id: string, digest: string, platform = 'linux/amd64'): NodeReport => ({
  id,
  platform,
  status: 'built',
  digest,
  tags: [],
});

function publish(
  registry: RegistryPort,
  reports: ReturnType<typeof report>[],
  dryRun = false,
  out = tempDir('catalog-publish-'),
  signing: { cosign?: Cosign; onEvent?: (event: BuildEvent) => void } = {},
) {
  const ports = dryRun
    ? recordingPublishPorts(registry, out, { key: '/keys/cosign.key' })
    : {
        registry,
        store: fileRunStore(out, join(out, 'ledger')),
        ...(signing.cosign ? { cosign: signing.cosign } : {}),
      };
  return publishReports({
    loaded,
    reports,
    nodes,
    revision: 'c0ffee',
    out,
    settings: { registry: 'r.example/acme', allowDowngrade: false, onEvent: signing.onEvent ?? (() => {}) },
    ...ports,
    command: 'catalog publish',
  });
}

const machines = [
  report('amd64.json', [built('os:13', 'sha256:os-a'), built('py:3.13', 'sha256:py-a'), built('py:3.12', 'sha256:12')]),
  report('arm64.json', [built('os:13', 'sha256:os-b', 'linux/arm64'), built('py:3.13', 'sha256:py-b', 'linux/arm64')]),
];

describe('publishReports', () => {
  it("writes each tag's ledger line with the index digest and each platform's manifest digest", async () => {
    const { registry } = fakeRegistry(['sha256:os-a', 'sha256:os-b', 'sha256:py-a', 'sha256:py-b', 'sha256:12']);
    const out = tempDir('catalog-publish-ledger-');
    await publish(registry, machines, false, out);
    const lines = readFileSync(join(out, 'ledger'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    const os = lines.filter((l) => l.id === 'os:13');
    expect(os.map((l) => l.tag)).toEqual(['13-r1', '13']);
    for (const line of os) {
      expect(line.digest).toBe('sha256:index-sha256:os-a+sha256:os-b');
      expect(line.platforms).toEqual([
        { platform: 'linux/amd64', digest: 'sha256:os-a' },
        { platform: 'linux/arm64', digest: 'sha256:os-b' },
      ]);
    }
    // A node of one platform: its manifest is what the tag names.
    expect(lines.find((l) => l.id === 'py:3.12')).toMatchObject({
      digest: 'sha256:12',
      platforms: [{ platform: 'linux/amd64', digest: 'sha256:12' }],
    });
  });

  it('assembles an index per multi-platform node, tags like a build, and a rerun changes nothing', async () => {
    const { registry, tags, indexes } = fakeRegistry([
      'sha256:os-a',
      'sha256:os-b',
      'sha256:py-a',
      'sha256:py-b',
      'sha256:12',
    ]);
    const first = await publish(registry, machines);
    expect(indexes.map((i) => `${i.repository} ${i.platforms.join(',')}`)).toEqual([
      'r.example/acme/os linux/amd64,linux/arm64',
      'r.example/acme/py linux/amd64,linux/arm64',
    ]);
    expect(first.nodes.map((n) => [n.id, n.status, n.tags.join(' ')])).toEqual([
      ['os:13', 'built', '13-r1 13'],
      ['py:3.12', 'built', '3.12-r1 3.12'],
      ['py:3.13', 'built', '3.13-r1 3.13 3'],
    ]);
    expect(tags()['os:13']).toBe('sha256:index-sha256:os-a+sha256:os-b');
    expect(tags()['py:3.12']).toBe('sha256:12');
    const before = tags();
    const again = await publish(registry, machines);
    expect(tags()).toEqual(before);
    expect(again.nodes.map((n) => [n.id, n.status, n.tags.length])).toEqual([
      ['os:13', 'up-to-date', 0],
      ['py:3.12', 'up-to-date', 0],
      ['py:3.13', 'up-to-date', 0],
    ]);
  });

  it('a node no report covers holds its parent’s rolling tags and is listed', async () => {
    const { registry, tags } = fakeRegistry(['sha256:os-a', 'sha256:py-a']);
    const result = await publish(registry, [
      report('a.json', [built('os:13', 'sha256:os-a'), built('py:3.13', 'sha256:py-a')]),
    ]);
    expect(result.nodes.find((n) => n.id === 'py:3.12')).toMatchObject({
      status: 'skipped',
      reason: expect.stringContaining('no report covers it'),
    });
    expect(Object.keys(tags()).sort()).toEqual(['os:13-r1', 'py:3', 'py:3.13', 'py:3.13-r1']);
  });

  it('refuses images missing from the registry before any tag moves, naming them and their report', async () => {
    const { registry, tags } = fakeRegistry(['sha256:os-a']);
    const refused = publish(registry, [
      report('a.json', [built('os:13', 'sha256:os-a'), built('py:3.13', 'sha256:gone')]),
    ]);
    await expect(refused).rejects.toThrow(PublishError);
    await expect(refused).rejects.toThrow(
      '1 image the reports name is not in the registry: py:3.13 (linux/amd64) r.example/acme/py@sha256:gone, from a.json',
    );
    expect(tags()).toEqual({});
  });

  it('refuses conflicting digests with the file and key', async () => {
    const { registry } = fakeRegistry(['sha256:os-a']);
    const conflict = publish(registry, [machines[0] as never, report('again.json', [built('os:13', 'sha256:other')])]);
    await expect(conflict).rejects.toThrow(InvalidInputError);
  });

  it('a dry run records the index and tags it would write, and the signing of the index, writing none', async () => {
    const { registry, tags } = fakeRegistry(['sha256:os-a', 'sha256:os-b', 'sha256:py-a', 'sha256:py-b', 'sha256:12']);
    const commands: string[] = [];
    const onEvent = (e: BuildEvent) => void (e.type === 'command' && commands.push(`${e.id}: ${e.argv.join(' ')}`));
    const result = await publish(registry, machines, true, undefined, { onEvent });
    expect(result.nodes[0]?.tags).toEqual(['13-r1', '13']);
    expect(result.nodes[0]?.digest).toMatch(/^<index of linux\/amd64 \+ linux\/arm64 in r\.example\/acme\/os>$/);
    expect(tags()).toEqual({});
    expect(commands).toEqual([
      'os:13: cosign sign --yes --key /keys/cosign.key --tlog-upload=false r.example/acme/os@<index of linux/amd64 + linux/arm64 in r.example/acme/os>',
      'py:3.13: cosign sign --yes --key /keys/cosign.key --tlog-upload=false r.example/acme/py@<index of linux/amd64 + linux/arm64 in r.example/acme/py>',
    ]);
  });
});

/** cosign as publish sees it: signs what it is given, except the references in `failing`. */
function recordingCosign(failing: readonly string[] = []) {
  const signed: string[] = [];
  const cosign: Cosign = {
    sign: async (reference) => {
      if (failing.includes(reference)) throw new Error(`cosign could not sign ${reference} (exit 1): denied`);
      signed.push(reference);
    },
    attest: async () => {
      throw new Error('publish attests nothing: attestations stay on each platform');
    },
  };
  return { cosign, signed };
}

describe('publishReports signing the indexes it pushes', () => {
  const digests = ['sha256:os-a', 'sha256:os-b', 'sha256:py-a', 'sha256:py-b', 'sha256:12'];
  const OS_INDEX = 'r.example/acme/os@sha256:index-sha256:os-a+sha256:os-b';
  const PY_INDEX = 'r.example/acme/py@sha256:index-sha256:py-a+sha256:py-b';

  it('signs each index it pushes, not the single-platform images, and not again on a rerun', async () => {
    const { registry } = fakeRegistry(digests);
    const { cosign, signed } = recordingCosign();
    const first = await publish(registry, machines, false, undefined, { cosign });
    expect(first.summary).toMatchObject({ built: 3, failed: 0 });
    expect(signed).toEqual([OS_INDEX, PY_INDEX]);
    await publish(registry, machines, false, undefined, { cosign });
    expect(signed).toEqual([OS_INDEX, PY_INDEX]);
  });

  it('signs nothing with signing off (no cosign)', async () => {
    const { registry, tags } = fakeRegistry(digests);
    const result = await publish(registry, machines);
    expect(result.summary).toMatchObject({ built: 3, failed: 0 });
    expect(tags()['os:13']).toBe('sha256:index-sha256:os-a+sha256:os-b');
  });

  it('fails a node whose index cannot be signed: its subtree keeps its tags, the rest publishes', async () => {
    const { registry, tags } = fakeRegistry(digests);
    const { cosign } = recordingCosign([PY_INDEX]);
    const result = await publish(registry, machines, false, undefined, { cosign });
    expect(result.nodes.find((n) => n.id === 'py:3.13')).toMatchObject({
      status: 'failed',
      reason: `cosign could not sign ${PY_INDEX} (exit 1): denied`,
      tags: [],
    });
    expect(tags()['py:3.13']).toBeUndefined();
    expect(tags()['py:3.12']).toBe('sha256:12');
    // Signed once the cause is fixed: the node is tagged on the next run.
    const again = await publish(registry, machines, false, undefined, { cosign: recordingCosign().cosign });
    expect(again.nodes.find((n) => n.id === 'py:3.13')).toMatchObject({
      status: 'built',
      tags: ['3.13-r1', '3.13', '3'],
    });
  });
});
