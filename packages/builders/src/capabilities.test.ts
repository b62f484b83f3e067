import { describe, expect, it } from 'vitest';
import { assertCapabilities, checkCapabilities, formatCapabilityProblem } from './capabilities.js';
import { createAdapter } from './engines/index.js';
import { BuilderError } from './errors.js';

describe('checkCapabilities', () => {
  it('accepts buildah for everything', () => {
    const needs = { localParents: true, ociExport: true, secrets: true, daemonless: true, timestamps: true };
    expect(
      checkCapabilities(createAdapter('buildah'), { ...needs, insecureRegistries: true, multiPlatform: true }),
    ).toEqual([]);
  });

  it('rejects kaniko for a child of a local parent, with a reason and an alternative', () => {
    const problems = checkCapabilities(createAdapter('kaniko'), { localParents: true });
    expect(problems).toEqual([
      {
        capability: 'localParents',
        reason: 'kaniko cannot build a child from a parent that is not in a registry',
        alternative: 'use --push, or --builder buildah',
      },
    ]);
    expect(formatCapabilityProblem(problems[0] ?? expect.fail('no problem'))).toBe(
      'kaniko cannot build a child from a parent that is not in a registry; use --push, or --builder buildah',
    );
  });

  it('rejects kaniko for nodes built for several platforms: one platform per run', () => {
    expect(checkCapabilities(createAdapter('buildah'), { multiPlatform: true })).toEqual([]);
    expect(checkCapabilities(createAdapter('docker'), { multiPlatform: true })).toEqual([]);
    expect(checkCapabilities(createAdapter('kaniko'), { multiPlatform: true })).toEqual([
      {
        capability: 'multiPlatform',
        reason:
          'kaniko builds one platform per run, and this plan has nodes built for several platforms (one image index each)',
        alternative:
          'use --builder buildah (or podman, docker buildx), or give those nodes one platform ("platforms:")',
      },
    ]);
  });

  it('explains docker buildx cannot see local images and needs a daemon', () => {
    const problems = checkCapabilities(createAdapter('docker'), {
      localParents: true,
      daemonless: true,
      ociExport: true,
    });
    expect(problems.map((p) => p.capability)).toEqual(['localParents', 'daemonless']);
    expect(problems[0]?.reason).toMatch(/docker-container driver/);
  });

  it('ignores needs that are false or absent', () => {
    expect(checkCapabilities(createAdapter('kaniko'), { secrets: false, localParents: undefined })).toEqual([]);
  });

  it('assertCapabilities throws one BuilderError naming every problem', () => {
    const kaniko = createAdapter('kaniko');
    expect(() => assertCapabilities(kaniko, { secrets: true, timestamps: true })).toThrow(BuilderError);
    try {
      assertCapabilities(kaniko, { secrets: true, timestamps: true });
    } catch (error) {
      expect((error as BuilderError).message).toMatch(
        /cannot mount build secrets.*cannot set a reproducible created time/,
      );
      expect((error as BuilderError).hint).toMatch(/--builder buildah/);
      expect((error as BuilderError).exitCode).toBe(1);
    }
    expect(() => assertCapabilities(kaniko, { ociExport: true })).not.toThrow();
  });
});
