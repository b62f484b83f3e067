import { describe, expect, it } from 'vitest';
import { ociPlatform, parsePlatform } from './host-platform.js';

describe('ociPlatform', () => {
  it("names Node's CPUs as OCI does", () => {
    expect(ociPlatform('linux', 'x64')).toBe('linux/amd64');
    expect(ociPlatform('linux', 'arm64')).toBe('linux/arm64');
    expect(ociPlatform('linux', 'arm')).toBe('linux/arm/v7');
  });

  it('parses a platform, and refuses what is none', () => {
    expect(parsePlatform('linux/arm/v7')).toEqual({ os: 'linux', architecture: 'arm', variant: 'v7' });
    expect(parsePlatform('linux/amd64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux')).toBeUndefined();
    expect(parsePlatform('a/b/c/d')).toBeUndefined();
  });
});
