import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { REPO, runCatalog } from './e2e/fixture.js';

// The command as `npm ci` builds it: one bundle, V8's code cache beside it, the catalog cache.
describe('the bundled catalog command', () => {
  it('starts from a code cache that this Node accepts', () => {
    const loader = join(REPO, 'packages/cli/bin/load-bundle.js');
    const script = `import(${JSON.stringify(loader)}).then((m) => process.stdout.write(String(m.loadBundle().script.cachedDataRejected)))`;
    // false: V8 used the cache; true: it was rejected; undefined: there was none.
    expect(execFileSync('node', ['-e', script], { encoding: 'utf8' }).trim()).toBe('false');
  });

  it('answers the same from its catalog cache, and despite a damaged entry', () => {
    const cache = tempDir('catalog-bundle-cache-');
    const run = () => {
      const result = runCatalog(REPO, ['plan', '--json'], { CATALOG_CACHE: cache });
      expect(result.code, result.stderr).toBe(0);
      return result.stdout;
    };
    const first = run();
    const entries = readdirSync(join(cache, 'parsed-catalogs'));
    expect(entries).toHaveLength(1);
    expect(run()).toBe(first);
    writeFileSync(join(cache, 'parsed-catalogs', entries[0] as string), 'not json');
    expect(run()).toBe(first);
  });
});
