import { loadCatalog } from '@catalog/core';
import { RegistryError } from '@catalog/registry';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import type { NodeResult } from './node-pipeline.js';
import type { RegistryPort } from './ports.js';
import { publishTags } from './publish.js';
import type { BuildRunSettings } from './settings.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  python:
    kind: os
    versions: { "3.12.9": {}, "3.13.5": {} }
`,
  'catalog.yaml',
);

/** An in-memory registry: tag → digest, digest → version label. */
function fakeRegistry(tags: Record<string, string>, versions: Record<string, string>) {
  const state = new Map(Object.entries(tags));
  const registry: RegistryPort = {
    resolve: async (ref: string) => {
      const digest = state.get(ref);
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
    imageLabels: async (ref: string) => ({ 'org.opencontainers.image.version': versions[state.get(ref) ?? ''] ?? '' }),
    listTags: async (repository: string) =>
      [...state.keys()]
        .filter((ref) => ref.startsWith(`${repository}:`))
        .map((ref) => ref.slice(repository.length + 1)),
    tag: async (repository: string, digest: string, tag: string) => {
      state.set(`${repository}:${tag}`, digest);
    },
    pushOciLayout: async () => {
      throw new Error('not used');
    },
  } as unknown as RegistryPort;
  return { registry, state };
}

const settings = (allowDowngrade: boolean): BuildRunSettings =>
  ({ registry: 'r.example/acme', allowDowngrade, onEvent: () => {} }) as unknown as BuildRunSettings;

function results(...entries: [string, string][]): Map<string, NodeResult> {
  return new Map(entries.map(([id, digest]) => [id, { id, status: 'built', digest }]));
}

describe('publishTags', () => {
  it('announces every tag write before it happens, and reports it after', async () => {
    const { registry } = fakeRegistry({}, {});
    const order: string[] = [];
    const write = registry.tag.bind(registry);
    registry.tag = async (repository, digest, tag) => {
      order.push(`write ${tag}`);
      await write(repository, digest, tag);
    };
    await publishTags({
      ...loaded,
      nodes: [loaded.graph.node('python:3.13.5')],
      results: results(['python:3.13.5', 'sha256:new']),
      registry,
      settings: settings(false),
      onTagging: async (r) => void order.push(`noting ${r.tag} ${r.digest}`),
      onTagged: async (r) => void order.push(`moved ${r.tag}`),
    });
    expect(order).toEqual(
      ['3.13.5-r1', '3.13.5', '3.13', '3'].flatMap((tag) => [
        `noting ${tag} sha256:new`,
        `write ${tag}`,
        `moved ${tag}`,
      ]),
    );
  });

  it("notes and records each tag with each platform's manifest digest (the tag names the index)", async () => {
    const { registry } = fakeRegistry({}, {});
    const platform = (p: string, digest: string) => ({ platform: p, digest, pullRef: `x@${digest}`, inputHash: 'h' });
    const noted: unknown[] = [];
    const outcome = await publishTags({
      ...loaded,
      nodes: [loaded.graph.node('python:3.13.5')],
      results: new Map([
        [
          'python:3.13.5',
          {
            id: 'python:3.13.5',
            status: 'built',
            digest: 'sha256:index',
            platforms: [platform('linux/amd64', 'sha256:amd'), platform('linux/arm64', 'sha256:arm')],
          },
        ],
      ]),
      registry,
      settings: settings(false),
      onTagging: async (r) => void noted.push(r),
    });
    const platforms = [
      { platform: 'linux/amd64', digest: 'sha256:amd' },
      { platform: 'linux/arm64', digest: 'sha256:arm' },
    ];
    expect(outcome.records.map((r) => [r.tag, r.digest, r.platforms])).toEqual(
      ['3.13.5-r1', '3.13.5', '3.13', '3'].map((tag) => [tag, 'sha256:index', platforms]),
    );
    expect(noted).toEqual(outcome.records);
  });

  it('moves rolling tags, adds the next -rN and never overwrites an existing one', async () => {
    const { registry, state } = fakeRegistry(
      { 'r.example/acme/python:3.13.5': 'sha256:old', 'r.example/acme/python:3.13.5-r1': 'sha256:old' },
      { 'sha256:old': '3.13.5' },
    );
    const outcome = await publishTags({
      ...loaded,
      nodes: [loaded.graph.node('python:3.13.5')],
      results: results(['python:3.13.5', 'sha256:new']),
      registry,
      settings: settings(false),
    });
    expect(outcome.failure).toBeUndefined();
    expect(outcome.tagged.get('python:3.13.5')).toEqual(['3.13.5-r2', '3.13.5', '3.13', '3']);
    expect(state.get('r.example/acme/python:3.13.5-r1')).toBe('sha256:old');
    expect(state.get('r.example/acme/python:3')).toBe('sha256:new');
  });

  it('refuses to move a floating tag to a lower version, moving nothing', async () => {
    const { registry, state } = fakeRegistry(
      { 'r.example/acme/python:3': 'sha256:newer' },
      { 'sha256:newer': '3.14.0' },
    );
    const node = loaded.graph.node('python:3.13.5');
    const outcome = await publishTags({
      ...loaded,
      nodes: [node],
      results: results(['python:3.13.5', 'sha256:new']),
      registry,
      settings: settings(false),
    });
    expect(outcome.failure?.message).toMatch(/^refused to move r\.example\/acme\/python:3: /);
    expect(state.get('r.example/acme/python:3')).toBe('sha256:newer');
    expect(state.has('r.example/acme/python:3.13.5')).toBe(false);
  });

  it('moves it with --allow-downgrade', async () => {
    const { registry, state } = fakeRegistry(
      { 'r.example/acme/python:3': 'sha256:newer' },
      { 'sha256:newer': '3.14.0' },
    );
    const node = loaded.graph.node('python:3.13.5');
    const outcome = await publishTags({
      ...loaded,
      nodes: [node],
      results: results(['python:3.13.5', 'sha256:new']),
      registry,
      settings: settings(true),
    });
    expect(outcome.failure).toBeUndefined();
    expect(state.get('r.example/acme/python:3')).toBe('sha256:new');
  });
});

describe('publishTags when one branch failed', () => {
  const chain = loadCatalog(
    `registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {} } }
  good: { kind: runtime, from: os:1, versions: { "1.0": {} } }
  bad: { kind: runtime, from: os:1, versions: { "1.0": {} } }
`,
    'catalog.yaml',
  );

  it("tags the shared parent's -rN (so its children's base digest is reachable) and holds its rolling tags", async () => {
    const { registry, state } = fakeRegistry({ 'r.example/acme/os:1': 'sha256:oldos' }, { 'sha256:oldos': '1' });
    const failed: NodeResult = { id: 'bad:1.0', status: 'failed', reason: 'build failed' };
    const outcome = await publishTags({
      ...chain,
      nodes: chain.graph.order,
      results: new Map([...results(['os:1', 'sha256:os'], ['good:1.0', 'sha256:good']), ['bad:1.0', failed]]),
      registry,
      settings: settings(false),
    });
    expect(outcome.failure).toBeUndefined();
    expect(Object.fromEntries(outcome.tagged)).toEqual({ 'os:1': ['1-r1'], 'good:1.0': ['1.0-r1', '1.0', '1'] });
    expect(state.get('r.example/acme/os:1-r1')).toBe('sha256:os');
    expect(state.get('r.example/acme/os:1')).toBe('sha256:oldos');
    expect(outcome.held.get('os:1')).toMatch(/only its -rN tag moved/);
    expect(outcome.records.map((r) => `${r.repository}:${r.tag}`)).toContain('r.example/acme/os:1-r1');
  });
});

describe('publishTags with other writers', () => {
  const node = loaded.graph.node('python:3.13.5');
  const input = (registry: RegistryPort, extra: Partial<BuildRunSettings> = {}) => ({
    ...loaded,
    nodes: [node],
    results: results(['python:3.13.5', 'sha256:new']),
    registry,
    settings: { ...settings(false), ...extra },
  });
  const refusal = () =>
    new RegistryError({
      kind: 'rejected',
      host: 'r.example',
      operation: 'tag r.example/acme/python:3.13.5-r1',
      reason: 'HTTP 400 TAG_INVALID: tag is immutable',
      status: 400,
      code: 'TAG_INVALID',
    });

  it('takes the next -rN when the registry refuses to overwrite one another writer took', async () => {
    const { registry, state } = fakeRegistry({}, {});
    const put = registry.tag;
    registry.tag = async (repository, digest, tag) => {
      if (tag !== '3.13.5-r1') return put(repository, digest, tag);
      state.set(`${repository}:${tag}`, 'sha256:theirs');
      throw refusal();
    };
    const outcome = await publishTags(input(registry));
    expect(outcome.failure).toBeUndefined();
    expect(outcome.tagged.get('python:3.13.5')?.[0]).toBe('3.13.5-r2');
    expect(state.get('r.example/acme/python:3.13.5-r1')).toBe('sha256:theirs');
    expect(state.get('r.example/acme/python:3.13.5-r2')).toBe('sha256:new');
  });

  it('does not take N+1 when a refusal is not about an existing tag (no push rights)', async () => {
    const { registry } = fakeRegistry({}, {});
    registry.tag = async () => {
      throw refusal();
    };
    const outcome = await publishTags(input(registry));
    expect(outcome.failure?.message).toMatch(/^cannot tag r\.example\/acme\/python:3\.13\.5-r1: HTTP 400 TAG_INVALID/);
  });

  it('gives up after a bounded number of refused revisions', async () => {
    const { registry, state } = fakeRegistry({}, {});
    registry.tag = async (repository, _digest, tag) => {
      state.set(`${repository}:${tag}`, 'sha256:theirs');
      throw refusal();
    };
    const outcome = await publishTags(input(registry));
    expect(outcome.failure?.message).toMatch(/3\.13\.5-r5 and the 4 revisions before it were taken/);
  });

  it('stops when the read-back of the -rN names another digest: another writer won', async () => {
    const { registry, state } = fakeRegistry({}, {});
    const put = registry.tag;
    registry.tag = async (repository, digest, tag) => {
      await put(repository, digest, tag);
      if (tag.endsWith('-r1')) state.set(`${repository}:${tag}`, 'sha256:theirs');
    };
    const outcome = await publishTags(input(registry));
    expect(outcome.failure?.message).toBe(
      'immutable tag r.example/acme/python:3.13.5-r1 names sha256:theirs after this run wrote sha256:new: another writer won',
    );
    expect(state.has('r.example/acme/python:3.13.5')).toBe(false);
  });

  it('with the publish lock, two concurrent publishes of one repository take distinct -rN', async () => {
    const { registry, state } = fakeRegistry({}, { 'sha256:new': '3.13.5', 'sha256:other': '3.13.5' });
    const put = registry.tag;
    // A slow registry: without the lock both would see r1 free and both write it.
    registry.tag = async (repository, digest, tag) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      await put(repository, digest, tag);
    };
    const publishLocks = tempDir('catalog-locks-');
    const outcomes = await Promise.all([
      publishTags(input(registry, { publishLocks })),
      publishTags({ ...input(registry, { publishLocks }), results: results(['python:3.13.5', 'sha256:other']) }),
    ]);
    expect(outcomes.map((o) => o.failure)).toEqual([undefined, undefined]);
    const revisions = outcomes.map((o) => o.tagged.get('python:3.13.5')?.[0]).sort();
    expect(revisions).toEqual(['3.13.5-r1', '3.13.5-r2']);
    expect(new Set(revisions.map((r) => state.get(`r.example/acme/python:${r}`))).size).toBe(2);
  });
});
