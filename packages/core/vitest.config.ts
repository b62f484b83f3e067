import { defineConfig } from 'vitest/config';
import { tempFolders } from '../../tools/vitest/config.js';

export default defineConfig({
  resolve: { conditions: ['source'] },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], ...tempFolders },
});
