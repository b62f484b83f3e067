import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../test/test-io.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

type Bake = { target: Record<string, { args?: Record<string, string>; contexts?: Record<string, string> }> };

describe('plan --format bake', () => {
  it("passes the python image's build-machine stage its parent (BUILD_BASE_IMAGE), through the same context", async () => {
    const result = await run(['plan', '--format', 'bake', '--ancestors', 'python:3.13.5'], REPO);
    expect(result.code, result.stderr).toBe(0);
    const { target } = JSON.parse(result.stdout) as Bake;
    const python = target['python-3_13_5'];
    expect(python?.args?.BUILD_BASE_IMAGE).toBe('localhost:5000/acme/pyenv:2.5.4');
    expect(python?.args?.BUILD_BASE_IMAGE).toBe(python?.args?.BASE_IMAGE);
    // BuildKit resolves the parent target for the build machine's platform from the same context.
    expect(python?.contexts?.['localhost:5000/acme/pyenv:2.5.4']).toBe('target:pyenv-2_5_4');
    expect(target['python-3_13_5-artifact']?.args?.BUILD_BASE_IMAGE).toBe('localhost:5000/acme/pyenv:2.5.4');
    // pyenv compiles nothing: no stage on the build machine.
    expect(target['pyenv-2_5_4']?.args ?? {}).not.toHaveProperty('BUILD_BASE_IMAGE');
  }, 30_000);
});
