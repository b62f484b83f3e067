import { describe, expect, it } from 'vitest';
import { decideTagMove, newestImmutableTag, nextRevision, type TagMoveAction, type TagMoveRequest } from './guard.js';

const moves: { name: string; request: TagMoveRequest; action: TagMoveAction; reason: RegExp }[] = [
  {
    name: 'a new tag is created',
    request: { tag: '3.13', version: '3.13.5', current: undefined, scheme: 'pep440' },
    action: 'create',
    reason: /does not exist yet/,
  },
  {
    name: 'a tag moves up',
    request: { tag: '3', version: '3.13.5', current: '3.12.10', scheme: 'pep440' },
    action: 'move',
    reason: /moves up from 3\.12\.10 to 3\.13\.5/,
  },
  {
    name: 'versions compare numerically, not as text',
    request: { tag: '3.12', version: '3.12.10', current: '3.12.9', scheme: 'pep440' },
    action: 'move',
    reason: /moves up/,
  },
  {
    name: 'a rebuild of the same version moves the tag',
    request: { tag: '3.13.5', version: '3.13.5', current: '3.13.5', scheme: 'pep440' },
    action: 'move',
    reason: /rebuild of 3\.13\.5/,
  },
  {
    name: 'a downgrade is refused',
    request: { tag: '3-slim', version: '3.12.10', current: '3.13.5', scheme: 'pep440' },
    action: 'refuse',
    reason: /points at 3\.13\.5, higher than 3\.12\.10; refusing to downgrade/,
  },
  {
    name: 'a downgrade is allowed when asked',
    request: { tag: '3', version: '3.12.10', current: '3.13.5', scheme: 'pep440', allowDowngrade: true },
    action: 'move',
    reason: /moves down from 3\.13\.5 to 3\.12\.10 \(downgrade allowed\)/,
  },
  {
    name: 'a stable release moves a tag up from its prerelease',
    request: { tag: 'latest', version: '2.0.0', current: '2.0.0-rc.1', scheme: 'semver' },
    action: 'move',
    reason: /moves up/,
  },
  {
    name: 'a prerelease is lower than its release (semver)',
    request: { tag: 'latest', version: '2.0.0-rc.1', current: '2.0.0', scheme: 'semver' },
    action: 'refuse',
    reason: /refusing to downgrade/,
  },
  {
    name: 'the channel tag does not move back to an earlier prerelease (PEP 440)',
    request: { tag: '3.15-rc', version: '3.15.0b3', current: '3.15.0rc1', scheme: 'pep440' },
    action: 'refuse',
    reason: /refusing to downgrade/,
  },
  {
    name: 'an unreadable version label is not overwritten',
    request: { tag: '3', version: '3.13.5', current: 'banana', scheme: 'pep440' },
    action: 'refuse',
    reason: /not a pep440 version; refusing to overwrite/,
  },
  {
    name: 'an unreadable version label is overwritten when allowed',
    request: { tag: '3', version: '3.13.5', current: 'banana', scheme: 'pep440', allowDowngrade: true },
    action: 'move',
    reason: /no readable version/,
  },
  {
    name: 'an existing immutable tag is never overwritten, even when allowed',
    request: { tag: '3.13.5-r1', version: '3.13.5', current: '3.13.5', scheme: 'pep440', allowDowngrade: true },
    action: 'refuse',
    reason: /immutable/,
  },
  {
    name: 'a tag already at this digest is kept',
    request: {
      tag: '3',
      version: '3.13.5',
      current: '3.13.5',
      scheme: 'pep440',
      digest: 'sha256:a',
      currentDigest: 'sha256:a',
    },
    action: 'keep',
    reason: /already points at sha256:a/,
  },
];

describe('decideTagMove', () => {
  it.each(moves)('$name', ({ request, action, reason }) => {
    const decision = decideTagMove(request);
    expect(decision.action).toBe(action);
    expect(decision.reason).toMatch(reason);
  });
});

const revisions: { name: string; version: string; variant: string | null; tags: string[]; next: number }[] = [
  { name: 'no registry information yet', version: '3.13.5', variant: null, tags: [], next: 1 },
  {
    name: 'one more than the highest N of that exact prefix',
    version: '3.13.5',
    variant: null,
    tags: ['3.13.5', '3.13', '3.13.5-r1', '3.13.5-r3', '3.13.5-r2'],
    next: 4,
  },
  {
    name: 'numeric, not textual, maximum',
    version: '3.13.5',
    variant: null,
    tags: ['3.13.5-r9', '3.13.5-r10'],
    next: 11,
  },
  {
    name: 'variant revisions do not count for the bare version',
    version: '3.13.5',
    variant: null,
    tags: ['3.13.5-python3.13-r2', '3.13.5-slim-r7', '3.13.5-r1'],
    next: 2,
  },
  {
    name: 'other versions do not count',
    version: '3.13.5',
    variant: null,
    tags: ['3.13.4-r5', '13.13.5-r6', '3.13.50-r4', '3.13.5-rc1'],
    next: 1,
  },
  {
    name: 'a variant counts only its own revisions',
    version: '3.1.1',
    variant: 'python3.13',
    tags: ['3.1.1-r4', '3.1.1-python3.13-r2', '3.1.1-python3.11-r8', '3.1.1-python3.13-slim-r9'],
    next: 3,
  },
];

describe('nextRevision', () => {
  it.each(revisions)('$name', ({ version, variant, tags, next }) => {
    expect(nextRevision(version, variant, tags)).toBe(next);
  });

  it('never reuses N: each publish sees the previous one', () => {
    const published: string[] = [];
    for (let i = 0; i < 3; i++) published.push(`3.13.5-r${nextRevision('3.13.5', null, published)}`);
    expect(published).toEqual(['3.13.5-r1', '3.13.5-r2', '3.13.5-r3']);
  });
});

describe('newestImmutableTag', () => {
  it('is the highest -rN of exactly this version and variant', () => {
    const tags = ['3.13.5-r1', '3.13.5-r3', '3.13.5-python3.13-r7', '3.13.50-r9', '3.13.5'];
    expect(newestImmutableTag('3.13.5', null, tags)).toBe('3.13.5-r3');
    expect(newestImmutableTag('3.13.5', 'python3.13', tags)).toBe('3.13.5-python3.13-r7');
  });

  it('is undefined when nothing of that version was published', () => {
    expect(newestImmutableTag('3.11.2', null, ['3.13.5-r1', '3.11.2'])).toBeUndefined();
  });
});
