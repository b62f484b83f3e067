import { defineConfig } from 'vitest/config';
import { tempFolders } from '../../tools/vitest/config.js';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    ...tempFolders,
    // The agreement tests run real nx commands (a few seconds each on 2 cores).
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
