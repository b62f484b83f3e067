import { describe, expect, it } from 'vitest';
import { compareDebianVersions, parseDebianVersion } from './version.js';

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

describe('Debian version ordering', () => {
  it.each([
    ['1.0', '1.0', 0],
    ['1.0', '1.1', -1],
    ['1.10', '1.9', 1],
    ['1.0-1', '1.0-2', -1],
    ['1.0-10', '1.0-9', 1],
    ['1:0.9', '2.0', 1],
    ['0:2.0', '2.0', 0],
    ['1.0~rc1', '1.0', -1],
    ['1.0~~', '1.0~', -1],
    ['1.0~', '1.0', -1],
    ['1.0', '1.0a', -1],
    ['1.0a', '1.0+', -1],
    ['1.0+b1', '1.0', 1],
    ['3.0.17-1~deb12u1', '3.0.17-1', -1],
    ['3.0.17-1~deb12u2', '3.0.17-1~deb12u1', 1],
    ['2.36.1-8+deb12u1', '2.36.1-8', 1],
    ['1.2-3-4', '1.2-3-5', -1],
    ['1.001', '1.1', 0],
    ['252.39-1~deb12u1', '252.38-1~deb12u1', 1],
  ])('%s vs %s → %i', (a, b, expected) => {
    expect(sign(compareDebianVersions(a, b))).toBe(expected);
    expect(sign(compareDebianVersions(b, a))).toBe(expected === 0 ? 0 : -expected);
  });

  it('parses epochs, upstream versions and revisions', () => {
    expect(parseDebianVersion('2:1.2.3-4+deb13u1')).toEqual({ epoch: 2, upstream: '1.2.3', revision: '4+deb13u1' });
    expect(parseDebianVersion('1.2-3-4')).toEqual({ epoch: 0, upstream: '1.2-3', revision: '4' });
    expect(parseDebianVersion('1.0')).toEqual({ epoch: 0, upstream: '1.0', revision: '' });
  });

  it('rejects what is not a Debian version', () => {
    for (const bad of ['', 'abc', '1:', 'a:1.0', '1.0 2', '1:2:3']) {
      if (bad === '1:2:3') expect(parseDebianVersion(bad)).toEqual({ epoch: 1, upstream: '2:3', revision: '' });
      else expect(parseDebianVersion(bad)).toBeUndefined();
    }
    expect(() => compareDebianVersions('x', '1')).toThrow(/not a Debian version/);
  });
});
