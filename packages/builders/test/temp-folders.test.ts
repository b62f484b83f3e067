import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { removeRunFolder } from '../../../tools/vitest/temp-guard.js';
import { runQuery } from '../src/run-query.js';

// The guard of every package's test runs (tools/vitest): checked here, where processes are started.
describe("the test run's temporary folder", () => {
  it('is the TMPDIR of the workers and of the processes they start', async () => {
    expect(basename(tmpdir())).toMatch(/^catalog-test-run-/);
    const child = await runQuery(['sh', '-c', 'printf %s "$TMPDIR"']);
    expect(child.stdout).toBe(tmpdir());
  });

  it('holds the folders tempDir makes', () => {
    const dir = tempDir('catalog-guard-');
    expect(dirname(dir)).toBe(tmpdir());
    expect(basename(dir)).toMatch(/^catalog-guard-/);
  });

  it('is removed at the end, and the run fails naming what the tests left', () => {
    const run = tempDir('catalog-guard-run-');
    writeFileSync(join(run, 'left.txt'), 'x');
    mkdirSync(join(run, 'folder', 'inside'), { recursive: true });
    expect(() => removeRunFolder(run)).toThrow(
      /left 2 entries in their temporary folder .*\n {2}folder\/ \(inside\)\n {2}left\.txt\n.*tempDir\(\)/,
    );
    expect(existsSync(run)).toBe(false);
  });

  it('is removed without a word when the tests left nothing', () => {
    const run = tempDir('catalog-guard-run-');
    removeRunFolder(run);
    expect(existsSync(run)).toBe(false);
  });
});
