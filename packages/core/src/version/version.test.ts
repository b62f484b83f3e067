import { compare as referenceCompare } from '@renovatebot/pep440';
import { describe, expect, it } from 'vitest';
import { compareVersions, type ParsedVersion, parseVersion } from './version.js';

const pep = (raw: string): ParsedVersion => {
  const parsed = parseVersion(raw, 'pep440');
  if (!parsed) throw new Error(`invalid: ${raw}`);
  return parsed;
};

describe('parseVersion', () => {
  it.each([
    ['3.13.5', 'pep440', [3, 13, 5], false],
    ['3.14.0rc1', 'pep440', [3, 14, 0], true],
    ['3.15.0b3', 'pep440', [3, 15, 0], true],
    ['13', 'pep440', [13], false],
    ['1.4.2', 'semver', [1, 4, 2], false],
    ['2.0.0-rc.1', 'semver', [2, 0, 0], true],
  ] as const)('parses %s (%s)', (raw, scheme, release, prerelease) => {
    expect(parseVersion(raw, scheme)).toMatchObject({ release, prerelease });
  });

  it.each([
    ['3.13.x', 'pep440'],
    ['1!2.0', 'pep440'],
    ['1.0+local', 'pep440'],
    ['1.0', 'semver'],
    ['1.0.0+build', 'semver'],
  ] as const)('rejects %s (%s)', (raw, scheme) => {
    expect(parseVersion(raw, scheme)).toBeUndefined();
  });
});

describe('compareVersions (PEP 440)', () => {
  const ordered = [
    '1.0.dev1',
    '1.0a1.dev1',
    '1.0a1',
    '1.0a2',
    '1.0b1',
    '1.0rc1',
    '1.0',
    '1.0.post1.dev1',
    '1.0.post1',
    '1.0.1',
    '1.1',
    '3.9',
    '3.10',
    '3.13.5',
    '3.14.0rc1',
    '13',
  ];

  it('orders a realistic list the way PEP 440 does', () => {
    const shuffled = [...ordered].reverse();
    expect(
      shuffled
        .map(pep)
        .sort(compareVersions)
        .map((v) => v.raw),
    ).toEqual(ordered);
  });

  it('agrees with a reference implementation on every pair', () => {
    for (const a of ordered) {
      for (const b of ordered)
        expect(compareVersions(pep(a), pep(b)), `${a} vs ${b}`).toBe(Math.sign(referenceCompare(a, b)));
    }
  });

  it('treats missing components as zero', () => {
    expect(compareVersions(pep('3.13'), pep('3.13.0'))).toBe(0);
  });
});
