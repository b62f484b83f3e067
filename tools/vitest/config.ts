import { fileURLToPath } from 'node:url';

/**
 * The temporary-folder settings every package's vitest config spreads into `test`: each run gets its
 * own TMPDIR and fails if it leaves anything there (temp-guard.ts); tempDir() folders go after each
 * test file (remove-temp-dirs.ts).
 */
export const tempFolders = {
  globalSetup: [fileURLToPath(new URL('./temp-guard.ts', import.meta.url))],
  setupFiles: [fileURLToPath(new URL('./remove-temp-dirs.ts', import.meta.url))],
};
