import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The end-to-end suites build with buildah: one at a time, so they do not fight over 2 cores.
    fileParallelism: false,
  },
});
