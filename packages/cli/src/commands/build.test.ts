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
