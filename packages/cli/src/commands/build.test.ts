import { BUILDER_NAMES } from '@catalog/builders';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';
import { builderHelp } from './build.js';

describe('catalog build --builder', () => {
  it('lists the engines of the registry, the first detected as the default', () => {
    expect(builderHelp()).toBe('buildah (default), podman, docker or kaniko');
    expect(builderHelp(['a'])).toBe('a (default)');
    expect(builderHelp(['a', 'b'])).toBe('a (default) or b');
    expect(builderHelp()).toBe(builderHelp(BUILDER_NAMES));
  });

  it('shows that list in the help', async () => {
    const result = await run(['build', '--help'], workspace({}));
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(`--builder <name> ${builderHelp()}`);
  });
});

describe('catalog build: platforms', () => {
  const catalog = (platforms: string) =>
    [
      'registry: 127.0.0.1:1/acme',
      `platforms: ${platforms}`,
      'images:',
      '  base:',
      '    kind: os',
      '    versions: { "1": {} }',
      '',
    ].join('\n');

  it('refuses a node built for more than this machine, at its platforms, before anything starts', async () => {
    const dir = workspace({ 'catalog.yaml': catalog('[linux/amd64, linux/arm64]') });
    const result = await run(['build', '--dry-run'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'catalog.yaml:2:12: platforms: base:1 is to be built for linux/amd64, linux/arm64; catalog build makes images for',
    );
    expect(result.stderr).toMatch(
      /set "platforms: \[linux\/[a-z0-9]+\]" while multi-platform builds are not available/,
    );
  });
});
