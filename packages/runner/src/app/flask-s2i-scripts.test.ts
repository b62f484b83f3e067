import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';

/**
 * The Flask image's S2I scripts (images/flask/s2i), run with sh on fake cgroup files and a fake
 * source folder. The real image runs them in the example e2e (cli/test/e2e/example-chain.test.ts).
 */
const S2I = fileURLToPath(new URL('../../../../images/flask/s2i/', import.meta.url));

function sh(script: string, env: Record<string, string>, args: string[] = []) {
  const result = spawnSync('sh', [join(S2I, script), ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function cgroup(files: Record<string, string>): string {
  const root = tempDir('catalog-cgroup-');
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('s2i/workers: 2 x CPUs + 1, CPUs from the cgroup CPU quota', () => {
  it('reads cgroup v2 cpu.max, rounding a fractional quota up', () => {
    expect(sh('workers', { CGROUP_ROOT: cgroup({ 'cpu.max': '200000 100000\n' }) }).stdout).toBe('5\n');
    expect(sh('workers', { CGROUP_ROOT: cgroup({ 'cpu.max': '150000 100000\n' }) }).stdout).toBe('5\n');
    expect(sh('workers', { CGROUP_ROOT: cgroup({ 'cpu.max': '50000 100000\n' }) }).stdout).toBe('3\n');
  });

  it('reads cgroup v1 cfs quota and period (cpu or cpu,cpuacct)', () => {
    const v1 = { 'cpu/cpu.cfs_quota_us': '400000\n', 'cpu/cpu.cfs_period_us': '100000\n' };
    expect(sh('workers', { CGROUP_ROOT: cgroup(v1) }).stdout).toBe('9\n');
    const joined = { 'cpu,cpuacct/cpu.cfs_quota_us': '100000\n', 'cpu,cpuacct/cpu.cfs_period_us': '100000\n' };
    expect(sh('workers', { CGROUP_ROOT: cgroup(joined) }).stdout).toBe('3\n');
  });

  it('without a quota (max, -1, no files) uses the CPUs the process may run on', () => {
    const cpus = Number(spawnSync('nproc', { encoding: 'utf8' }).stdout.trim());
    const expected = `${2 * cpus + 1}\n`;
    expect(sh('workers', { CGROUP_ROOT: cgroup({ 'cpu.max': 'max 100000\n' }) }).stdout).toBe(expected);
    const unlimited = { 'cpu/cpu.cfs_quota_us': '-1\n', 'cpu/cpu.cfs_period_us': '100000\n' };
    expect(sh('workers', { CGROUP_ROOT: cgroup(unlimited) }).stdout).toBe(expected);
    expect(sh('workers', { CGROUP_ROOT: cgroup({}) }).stdout).toBe(expected);
  });
});

describe('s2i/assemble', () => {
  function source(files: Record<string, string>) {
    const root = tempDir('catalog-assemble-');
    const src = join(root, 'src');
    mkdirSync(src);
    for (const [path, text] of Object.entries(files)) writeFileSync(join(src, path), text);
    // A `python` that records its arguments: pip is run as `python -m pip`.
    mkdirSync(join(root, 'bin'));
    writeFileSync(join(root, 'bin/python'), `#!/bin/sh\necho "$@" > "${root}/pip-args"\n`);
    chmodSync(join(root, 'bin/python'), 0o755);
    const env = {
      S2I_SOURCE_DIR: src,
      APP_ROOT: join(root, 'app'),
      PATH: `${join(root, 'bin')}:${process.env.PATH ?? ''}`,
    };
    return { root, src, env };
  }

  it('copies the source to APP_ROOT group-writable and installs requirements.txt from the PyPI mirror', () => {
    const app = source({ 'app.py': 'app = None\n', 'requirements.txt': 'requests==2.32.3\n' });
    const result = sh('assemble', { ...app.env, MIRROR_PYPI: 'http://127.0.0.1:8765/simple' });
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(join(app.root, 'app/app.py'), 'utf8')).toBe('app = None\n');
    expect(statSync(join(app.root, 'app/app.py')).mode & 0o070).toBe(0o060);
    expect(readFileSync(join(app.root, 'pip-args'), 'utf8')).toBe(
      '-m pip install --no-cache-dir --no-compile -r requirements.txt --index-url http://127.0.0.1:8765/simple\n',
    );
    expect(result.stdout).toContain('---> Installing requirements.txt from http://127.0.0.1:8765/simple');
  });

  it('PIP_INDEX_URL wins over MIRROR_PYPI; without requirements.txt pip is not run', () => {
    const app = source({ 'requirements.txt': 'flask\n' });
    sh('assemble', { ...app.env, MIRROR_PYPI: 'http://a/simple', PIP_INDEX_URL: 'http://b/simple' });
    expect(readFileSync(join(app.root, 'pip-args'), 'utf8')).toContain('--index-url http://b/simple');
    const plain = source({ 'app.py': '' });
    const result = sh('assemble', plain.env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('No requirements.txt');
    expect(() => statSync(join(plain.root, 'pip-args'))).toThrow();
  });

  it('fails with a clear message when the source is missing, and when pip fails', () => {
    const app = source({ 'requirements.txt': 'nothing\n' });
    const missing = sh('assemble', { ...app.env, S2I_SOURCE_DIR: join(app.root, 'nowhere') });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('assemble: no application source in');
    writeFileSync(join(app.root, 'bin/python'), '#!/bin/sh\nexit 3\n');
    expect(sh('assemble', app.env).code).toBe(3);
  });
});
