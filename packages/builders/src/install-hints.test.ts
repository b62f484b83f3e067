import { describe, expect, it } from 'vitest';
import { buildahEngine, kanikoEngine } from './engines/index.js';
import { installHint } from './install-hints.js';

describe('installHint', () => {
  it("gives an engine's hint by its name or its executable's base name", () => {
    expect(installHint('/usr/bin/buildah')).toBe(buildahEngine.installHint);
    expect(installHint('buildah')).toMatch(/apt-get install buildah/);
    expect(installHint('/kaniko/executor')).toBe(kanikoEngine.installHint);
    expect(installHint('kaniko')).toBe(kanikoEngine.installHint);
  });

  it('gives a generic hint for any other executable', () => {
    expect(installHint('/usr/bin/git')).toBe('install git, or check that it is on PATH');
  });
});
