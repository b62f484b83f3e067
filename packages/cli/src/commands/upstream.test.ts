import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const NO_UPSTREAMS = `registry: 127.0.0.1:9/acme
images:
  os: { kind: os, versions: { "1": {} } }
`;

describe('catalog upstream', () => {
  it('documents exit code 3 in the help of upstream check and of the program', async () => {
    const dir = workspace({});
    const check = await run(['upstream', 'check', '--help'], dir);
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('3 rebuilds are due');
    const top = await run(['--help'], dir);
    expect(top.stdout).toContain('upstream');
    expect(top.stdout).toContain(
      '3 something to act on: rebuilds due (upstream check), new releases (upstream versions), references behind (outdated)',
    );
    expect((await run(['build', '--help'], dir)).stdout).toContain('--upstream-changed');
  });

  it('with no external parents, security sources or ages nothing is due, and no lock is written', async () => {
    const dir = workspace({ 'catalog.yaml': NO_UPSTREAMS });
    const check = await run(['upstream', 'check', '--json'], dir);
    expect(check.code, check.stderr).toBe(0);
    expect(JSON.parse(check.stdout)).toMatchObject({ ok: true, rebuildsDue: false, upstreams: [], selected: [] });
    const build = await run(['build', '--upstream-changed', '--push'], dir);
    expect(build.code, build.stderr).toBe(0);
    expect(build.stdout).toContain('nothing to rebuild');
    expect(existsSync(join(dir, 'catalog.lock.yaml'))).toBe(false);
  });

  it('a lock that is not YAML is an error with the fix; --lock names another file', async () => {
    const dir = workspace({ 'catalog.yaml': NO_UPSTREAMS, 'other.lock': '{ nope' });
    const result = await run(['upstream', 'check', '--lock', 'other.lock'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/other\.lock: not valid YAML/);
    expect(result.stderr).toContain('catalog upstream update');
  });
});
