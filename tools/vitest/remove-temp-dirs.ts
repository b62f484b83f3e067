import { afterAll } from 'vitest';
import { removeTempDirs } from './temp-dir.js';

// A setup file: runs in each test file's context, so the folders its tempDir() calls made go with it.
afterAll(removeTempDirs);
