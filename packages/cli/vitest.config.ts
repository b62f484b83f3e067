import { defineConfig } from 'vitest/config';
import { tempFolders } from '../../tools/vitest/config.js';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    ...tempFolders,
    // The end-to-end suites build with buildah: one at a time, so they do not fight over 2 cores.
    fileParallelism: false,
  },
});
