import { describe, expect, it } from 'vitest';
import { EXAMPLE, load } from '../../test/helpers.js';
import { componentVersions } from '../render/labels.js';
import { scaffoldApp } from './app-scaffold.js';
import { type BaseBuilds, BasePinError, needsPin, pinAppBase, pinCandidates } from './pin-base.js';
import { resolveAppBase } from './resolve-base.js';

const example = load(EXAMPLE);
const base = (from: string) => resolveAppBase(example.catalog, example.graph, from);
const D = (n: number) => `sha256:${String(n).repeat(64)}`;
const TAGS = [
  '3.1.1-python3.13',
  '3.1.1-python3.13-r1',
  '3.1.1-python3.13-r2',
  '3.1.1-python3.13-r10',
  '3.1.1-python3.11-r7',
  '3.1-python3.13',
  '3.1.1-python3.13-rc',
];
function builds(digest: string | undefined, digests: Record<string, string>, tags = TAGS): BaseBuilds {
  return { tags, digest, digests: new Map(Object.entries(digests)) };
}
function pinError(attempt: () => unknown): BasePinError {
  try {
    attempt();
  } catch (error) {
    if (error instanceof BasePinError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('pinCandidates', () => {
  it("lists the node's own -rN tags, newest first by number, never another variant's", () => {
    expect(pinCandidates(base('flask'), TAGS)).toEqual([
      '3.1.1-python3.13-r10',
      '3.1.1-python3.13-r2',
      '3.1.1-python3.13-r1',
    ]);
    expect(pinCandidates(base('flask:3.1-python3.11'), TAGS)).toEqual(['3.1.1-python3.11-r7']);
  });
});

describe('pinAppBase', () => {
  it('pins the -rN tag that points at the same build as the rolling tag, whatever --from named', () => {
    const digests = { '3.1.1-python3.13-r10': D(3), '3.1.1-python3.13-r2': D(2) };
    const pinned = pinAppBase(base('flask'), builds(D(2), digests));
    expect(pinned).toMatchObject({
      tag: '3.1.1-python3.13-r2',
      reference: 'localhost:5000/acme/flask:3.1.1-python3.13-r2',
      pinnedFrom: '3.1.1-python3.13',
      digest: D(2),
    });
    expect(pinned.node.id).toBe('flask:3.1.1-python3.13');
    const line = pinAppBase(base('flask:3.1-python3.13'), builds(D(3), digests));
    expect(line).toMatchObject({ tag: '3.1.1-python3.13-r10', pinnedFrom: '3.1-python3.13' });
  });

  it('keeps an -rN tag given with --from: it already names one build', () => {
    const given = base('flask:3.1.1-python3.13-r1');
    expect(needsPin(given)).toBe(false);
    expect(needsPin(base('flask'))).toBe(true);
    expect(pinAppBase(given, builds(undefined, {}, []))).toMatchObject({
      reference: 'localhost:5000/acme/flask:3.1.1-python3.13-r1',
      pinnedFrom: null,
      digest: null,
    });
  });

  it('fails with a fix when the tag is unpublished, unresolved, or names no -rN build', () => {
    const unpublished = pinError(() => pinAppBase(base('python'), builds(undefined, {})));
    expect(unpublished.message).toBe(
      'localhost:5000/acme/python:3.13.5 is not in the registry: python:3.13.5 is in the catalog but was never published there',
    );
    expect(unpublished.hint).toContain('catalog build python:3.13.5 --push');
    expect(unpublished.hint).toContain('--no-pin');
    expect(pinError(() => pinAppBase(base('flask'), builds(undefined, {}))).message).toContain('did not resolve');
    const orphan = pinError(() => pinAppBase(base('flask'), builds(D(9), { '3.1.1-python3.13-r10': D(3) })));
    expect(orphan.message).toBe(
      `localhost:5000/acme/flask:3.1.1-python3.13 points at ${D(9)}, which no -rN tag of flask:3.1.1-python3.13 names`,
    );
    expect(orphan.exitCode).toBe(1);
  });
});

describe('the scaffold of a pinned base', () => {
  it('says the FROM is one exact build that catalog outdated keeps current; a rolling tag says it moves', () => {
    const scaffold = (reference: string) =>
      new Map(
        scaffoldApp({
          name: 'shop',
          reference,
          components: componentVersions(example.graph, base('flask').node),
        }).map((f) => [f.path, f.content]),
      );
    const pinned = scaffold('localhost:5000/acme/flask:3.1.1-python3.13-r2');
    expect(pinned.get('Dockerfile')).toContain('# The tag is an -rN tag: one exact build, never moved.');
    expect(pinned.get('Dockerfile')).toContain('\nFROM localhost:5000/acme/flask:3.1.1-python3.13-r2\n');
    expect(pinned.get('README.md')).toContain('`3.1.1-python3.13-r2` is one exact build of the base');
    expect(pinned.get('README.md')).toContain('npx catalog outdated . --write');
    const rolling = scaffold('localhost:5000/acme/flask:3.1.1-python3.13');
    expect(rolling.get('Dockerfile')).toContain('# The tag is a full version tag');
    expect(rolling.get('README.md')).toContain('`3.1.1-python3.13` is a rolling tag');
  });
});
