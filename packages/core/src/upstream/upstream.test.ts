import { describe, expect, it } from 'vitest';
import { errorsOf, load, yaml } from '../../test/helpers.js';
import { InvalidInputError } from '../errors.js';
import { nodeSecuritySource } from '../render/node-templates.js';
import { formatAge, parseDuration } from './duration.js';
import { formatLockFile, type LockFile, parseLockFile, updateLock } from './lock.js';
import { changedPlatforms, platformDigest } from './platforms.js';
import { externalParents, upstreamSelection } from './select.js';

const D = (c: string): string => `sha256:${c.repeat(64)}`;

const CATALOG = yaml`
  registry: localhost:5000/acme
  platforms: [linux/amd64]
  images:
    debian:
      kind: os
      securityUpdates: { suite: "{{vars.suite}}-security" }
      rebuildAfter: 30d
      versions: { "12": { suite: bookworm }, "13": { suite: trixie } }
    slim:
      kind: runtime
      from: docker.io/library/debian:trixie-slim
      versions: { "1.0": {} }
    tool:
      kind: runtime
      from: slim:1.0
      versions: { "1.0": {} }
    py:
      kind: runtime
      from: debian:13
      versions: { "3.13": {} }
`;

describe('upstream selection', () => {
  const { catalog, graph } = load(CATALOG);

  it('selects the triggered nodes and everything built FROM them, in graph order', () => {
    expect(upstreamSelection(graph, [{ id: 'slim:1.0', reason: 'upstream debian changed' }])).toEqual([
      { id: 'slim:1.0', reason: 'upstream debian changed' },
      { id: 'tool:1.0', reason: 'parent slim:1.0' },
    ]);
    expect(upstreamSelection(graph, [])).toEqual([]);
  });

  it('lists external parents with the nodes built on them', () => {
    expect([...externalParents(graph)]).toEqual([['docker.io/library/debian:trixie-slim', ['slim:1.0']]]);
  });

  it('reads platforms, rebuildAfter and securityUpdates; descendants use their OS suite', () => {
    expect(catalog.platforms).toEqual(['linux/amd64']);
    expect(catalog.images.find((i) => i.name === 'debian')?.rebuildAfter).toBe('30d');
    expect(nodeSecuritySource(catalog, graph, graph.node('py:3.13'))).toEqual({
      image: 'debian',
      suite: 'trixie-security',
      components: ['main'],
    });
    expect(nodeSecuritySource(catalog, graph, graph.node('debian:12'))?.suite).toBe('bookworm-security');
    expect(nodeSecuritySource(catalog, graph, graph.node('tool:1.0'))).toBeUndefined();
    expect(
      load(yaml`
      registry: r.example/a
      images: { os: { kind: os, versions: { "1": {} } } }
    `).catalog.platforms,
    ).toEqual(['linux/amd64']);
  });

  it('rejects bad durations and platforms with their position', () => {
    const errors = errorsOf(
      CATALOG.replace('rebuildAfter: 30d', 'rebuildAfter: 30 days').replace('[linux/amd64]', '[amd64]'),
    );
    expect(errors.join('\n')).toMatch(/catalog.yaml:2:\d+: platforms.0/);
    expect(errors.join('\n')).toMatch(/catalog.yaml:7:\d+: images.debian.rebuildAfter/);
  });
});

describe('platform changes', () => {
  const locked = { 'linux/amd64': D('a'), 'linux/arm64/v8': D('b') };

  it('ignores platforms the catalog does not build, and new architectures', () => {
    const current = { 'linux/amd64': D('a'), 'linux/arm64/v8': D('c'), 'linux/s390x': D('d') };
    expect(changedPlatforms(locked, current, ['linux/amd64'])).toEqual([]);
    expect(changedPlatforms(locked, current, ['linux/amd64', 'linux/arm64'])).toEqual([
      { platform: 'linux/arm64', old: D('b'), new: D('c') },
    ]);
  });

  it('reports a changed or vanished platform', () => {
    expect(changedPlatforms(locked, { 'linux/amd64': D('e') }, ['linux/amd64'])).toEqual([
      { platform: 'linux/amd64', old: D('a'), new: D('e') },
    ]);
    expect(changedPlatforms(locked, {}, ['linux/amd64'])).toEqual([{ platform: 'linux/amd64', old: D('a') }]);
    expect(platformDigest(locked, 'linux/arm64')).toBe(D('b'));
    expect(platformDigest(locked, 'linux/arm64/v7')).toBeUndefined();
  });
});

describe('the lock file', () => {
  const lock: LockFile = {
    upstreams: {
      'reg.example/z:1': {
        digest: D('1'),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        platforms: { 'linux/amd64': D('1') },
      },
      'reg.example/a:1': {
        digest: D('2'),
        mediaType: 'application/vnd.oci.image.index.v1+json',
        platforms: { 'linux/arm64/v8': D('3'), 'linux/amd64': D('4') },
      },
    },
  };

  it('is written sorted and read back the same', () => {
    const text = formatLockFile(lock);
    expect(text.indexOf('reg.example/a:1')).toBeLessThan(text.indexOf('reg.example/z:1'));
    expect(text.indexOf('linux/amd64')).toBeLessThan(text.indexOf('linux/arm64/v8'));
    expect(text).toMatch(/^# catalog.lock.yaml/);
    expect(parseLockFile(text, 'catalog.lock.yaml')).toEqual(lock);
    expect(formatLockFile(parseLockFile(text, 'x'))).toBe(text);
  });

  it('an empty file is an empty lock; a damaged one is an error naming the file and the fix', () => {
    expect(parseLockFile('', 'l.yaml')).toEqual({ upstreams: {} });
    for (const bad of [
      'version: 2\n',
      'version: 1\nupstreams: { a: { digest: nope, mediaType: x, platforms: {} } }\n',
      ': : :',
    ]) {
      try {
        parseLockFile(bad, 'l.yaml');
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        const d = (error as InvalidInputError).diagnostics[0];
        expect(d?.file).toBe('l.yaml');
        expect(d?.hint).toContain('catalog upstream update');
      }
    }
  });

  it('updates entries and drops upstreams the catalog no longer uses', () => {
    const updated = updateLock(lock, { 'reg.example/new:1': lock.upstreams['reg.example/z:1'] as never }, [
      'reg.example/a:1',
      'reg.example/new:1',
    ]);
    expect(Object.keys(updated.upstreams)).toEqual(['reg.example/a:1', 'reg.example/new:1']);
  });
});

describe('durations', () => {
  it('reads hours, days and weeks', () => {
    expect(parseDuration('12h')).toBe(12 * 3_600_000);
    expect(parseDuration('30d')).toBe(30 * 86_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('0d')).toBeUndefined();
    expect(parseDuration('30')).toBeUndefined();
    expect(formatAge(31 * 86_400_000 + 5)).toBe('31d');
    expect(formatAge(5 * 3_600_000)).toBe('5h');
  });
});
