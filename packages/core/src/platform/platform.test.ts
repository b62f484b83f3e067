import { describe, expect, it } from 'vitest';
import {
  canonicalPlatform,
  debianArchitectureOf,
  hostPlatform,
  platformInfo,
  platformProblem,
  qemuBinary,
  sortPlatforms,
} from './platform.js';

describe('platforms', () => {
  it('resolves aliases to the canonical OCI names', () => {
    expect(canonicalPlatform('linux/arm64/v8')).toBe('linux/arm64');
    expect(canonicalPlatform('linux/aarch64')).toBe('linux/arm64');
    expect(canonicalPlatform('linux/x86_64')).toBe('linux/amd64');
    expect(canonicalPlatform('Linux/AMD64')).toBe('linux/amd64');
    expect(canonicalPlatform('linux/armhf')).toBe('linux/arm/v7');
    expect(canonicalPlatform('linux/sparc')).toBeUndefined();
  });

  it('names each platform as Debian, the kernel and qemu do', () => {
    expect(debianArchitectureOf('linux/arm64')).toBe('arm64');
    expect(debianArchitectureOf('linux/arm/v7')).toBe('armhf');
    expect(debianArchitectureOf('linux/386')).toBe('i386');
    expect(debianArchitectureOf('linux/ppc64le')).toBe('ppc64el');
    expect(qemuBinary('linux/arm64')).toBe('qemu-aarch64-static');
    expect(qemuBinary('linux/amd64')).toBe('qemu-x86_64-static');
    expect(platformInfo('linux/arm64/v8').machine).toBe('aarch64');
    expect(() => platformInfo('linux/sparc')).toThrow(/unknown platform "linux\/sparc" \(known: linux\/amd64, /);
  });

  it("gives the host's platform from Node's process.arch", () => {
    expect(hostPlatform('x64')).toBe('linux/amd64');
    expect(hostPlatform('arm64')).toBe('linux/arm64');
    expect(hostPlatform('loong64')).toBeUndefined();
  });

  it('sorts amd64 first and drops duplicates', () => {
    expect(sortPlatforms(['linux/arm64', 'linux/amd64', 'linux/arm64'])).toEqual(['linux/amd64', 'linux/arm64']);
  });

  it('says what is wrong with a platform string and lists the known ones', () => {
    expect(platformProblem('linux/amd64')).toBeUndefined();
    expect(platformProblem('linux/sparc')).toEqual({
      message: 'unknown platform "linux/sparc"',
      hint: expect.stringMatching(/^known platforms: linux\/amd64, linux\/arm64, linux\/arm\/v7/),
    });
    expect(platformProblem('amd64')?.message).toBe('"amd64" is not a platform (os/architecture[/variant])');
  });
});
