import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { pinnedParents, rebuildsDue, runUpstreamCheck } from './check.js';

const D = (c: string): string => `sha256:${c.repeat(64)}`;
const REF = 'up.example/library/debian:trixie-slim';
const { catalog, graph } = loadCatalog(
  `registry: r.example/acme
images:
  base: { kind: runtime, from: "${REF}", versions: { "1": {} } }
  app: { kind: app, from: base:1, versions: { "1.0.0": {} } }
`,
  'catalog.yaml',
);

function registry(amd64: string) {
  return {
    resolvePlatforms: async () => ({
      digest: D(amd64 === 'a' ? 'b' : 'c'),
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: { 'linux/amd64': D(amd64), 'linux/arm64/v8': D('f') },
    }),
    rateLimit: () => ({ limit: 100, remaining: 42 }),
    resolve: async () => undefined,
    imageLabels: async () => ({}),
    fetchArtifact: async () => undefined,
  };
}

const check = (amd64: string, locked: string) =>
  runUpstreamCheck({
    catalog,
    graph,
    lock: { upstreams: { [REF]: { digest: D('b'), mediaType: 'x', platforms: { 'linux/amd64': D(locked) } } } },
    registry: registry(amd64),
    env: {},
    now: new Date(),
    cacheDir: '/nonexistent',
  });

describe('runUpstreamCheck', () => {
  it('selects the subtree of an upstream whose amd64 manifest changed, with the rate limit seen', async () => {
    const report = await check('e', 'a');
    expect(report.upstreams[0]).toMatchObject({
      status: 'changed',
      changedPlatforms: [{ platform: 'linux/amd64', old: D('a'), new: D('e') }],
      rateLimit: { limit: 100, remaining: 42 },
    });
    expect(report.selected).toEqual([
      { id: 'base:1', reason: `upstream ${REF} changed (linux/amd64)` },
      { id: 'app:1.0.0', reason: 'parent base:1' },
    ]);
    expect(report.refresh).toEqual([]);
    expect(rebuildsDue(report)).toBe(true);
    expect(report.lockUpdates[REF]?.platforms['linux/amd64']).toBe(D('e'));
  });

  it('nothing is due when the platforms we build are unchanged', async () => {
    const report = await check('a', 'a');
    expect(report.upstreams[0]?.status).toBe('unchanged');
    expect(rebuildsDue(report)).toBe(false);
  });

  it('pins one platform by its manifest digest, several by the index', () => {
    const upstreams = {
      [REF]: { digest: D('b'), mediaType: 'x', platforms: { 'linux/amd64': D('a'), 'linux/arm64/v8': D('f') } },
    };
    expect(pinnedParents(upstreams, new Map([[REF, ['linux/amd64']]])).get(REF)).toEqual({
      digest: D('a'),
      pullRef: `up.example/library/debian@${D('a')}`,
      platforms: { 'linux/amd64': D('a'), 'linux/arm64/v8': D('f') },
    });
    expect(pinnedParents(upstreams, new Map([[REF, ['linux/amd64', 'linux/arm64']]])).get(REF)?.digest).toBe(D('b'));
    const ported = { 'localhost:5000/x/y:1.2': upstreams[REF] };
    expect(
      pinnedParents(ported, new Map([['localhost:5000/x/y:1.2', ['linux/amd64']]])).get('localhost:5000/x/y:1.2')
        ?.pullRef,
    ).toBe(`localhost:5000/x/y@${D('a')}`);
  });
});
