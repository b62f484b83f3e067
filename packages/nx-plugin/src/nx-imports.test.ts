import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);

/** Every TypeScript file of the package's sources and tests. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

// `from 'nx/…'`, `import('nx/…')`, `require('nx/…')`: a path inside the nx package, not its public API.
const deepImport = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]nx\/[^'"]*['"]/g;

describe('imports of Nx', () => {
  it('go through @nx/devkit: no file imports a path inside the nx package (nx/src/…)', () => {
    // This file spells the patterns out; every other source and test file is checked.
    const files = [...sources(join(root, 'src')), ...sources(join(root, 'test'))].filter((file) => file !== self);
    expect(files.length).toBeGreaterThan(5);
    const found = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(deepImport)].map((m) => `${relative(root, file)}: ${m[0]}`),
    );
    expect(found, 'import these from @nx/devkit instead').toEqual([]);
  });

  it('the check finds a deep import', () => {
    const text = 'import type { X } from \'nx/src/devkit-exports.js\';\nconst y = await import("nx/src/config/a.js");';
    expect([...text.matchAll(deepImport)].length).toBe(2);
  });
});
