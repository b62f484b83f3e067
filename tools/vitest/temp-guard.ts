import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * vitest globalSetup of every package: points TMPDIR at a fresh folder of this run
 * (`$TMPDIR/catalog-test-run-XXXXXX`), which the test workers and every process they start (the
 * CLI, buildah, cosign, gpgv) inherit, and at teardown fails the run if anything is left in it,
 * naming the leftovers, then removes it. Only this run's files are in it: runs beside it do not
 * disturb the check.
 */
export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'catalog-test-run-'));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    try {
      removeRunFolder(dir);
    } catch (error) {
      // vitest reports a teardown's error but would still exit 0.
      process.exitCode = 1;
      throw error;
    }
  };
}

/** Removes a run's temporary folder; throws naming what the tests left in it. */
export function removeRunFolder(dir: string): void {
  const left = leftovers(dir);
  rmSync(dir, { recursive: true, force: true });
  if (left.length === 0) return;
  throw new Error(
    `the tests left ${left.length} entries in their temporary folder ${dir}:\n  ${left.join('\n  ')}\n` +
      'make them with tempDir() (tools/vitest/temp-dir.ts), which removes them after the test file, ' +
      'or remove them in afterEach/afterAll',
  );
}

/** The entries in `dir`, with a folder's first entries (enough to tell which test made it). */
function leftovers(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  return entries.map((entry) => {
    if (!entry.isDirectory()) return entry.name;
    const inside = readdirSync(join(dir, entry.name)).sort();
    const shown = inside.slice(0, 5).join(', ') + (inside.length > 5 ? ', …' : '');
    return `${entry.name}/ (${inside.length === 0 ? 'empty' : shown})`;
  });
}
