import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import type { BuildRunSettings } from '../../src/build/settings.js';

/** Settings of a test run: pushing to r.example/acme from a fresh temporary workspace, fixed time and commit. */
export function testRunSettings(overrides: Partial<BuildRunSettings> = {}): BuildRunSettings {
  const out = tempDir('catalog-run-');
  return {
    registry: 'r.example/acme',
    push: true,
    platform: 'linux/amd64',
    jobs: 2,
    failFast: false,
    allowDowngrade: false,
    skipTests: false,
    root: out,
    out,
    sourceDate: new Date('2026-01-01T00:00:00Z'),
    revision: 'abc',
    buildArgOverrides: {},
    environment: {},
    tlsVerify: false,
    onEvent: () => {},
    ...overrides,
  };
}
