import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// A test's temporary folders: made under the run's TMPDIR (temp-guard.ts) and removed after each
// test file (remove-temp-dirs.ts, a setup file of every package's vitest config).

const made: string[] = [];

/** A fresh empty folder `$TMPDIR/<prefix>XXXXXX`, removed when the test file ends. */
export function tempDir(prefix = 'catalog-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Removes the folders tempDir made so far (a test that chmod-ed a folder shut is opened first). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      openUp(dir);
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Gives the owner every permission on the folders under `dir`, so they can be listed and emptied. */
function openUp(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) openUp(join(dir, entry.name));
  }
}
