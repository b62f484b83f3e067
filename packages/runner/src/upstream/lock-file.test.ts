import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { STALE_TEMPORARY_MS, writeLock } from './lock-file.js';

describe('writeLock and the temporary files of killed writes', () => {
  it('removes stale .<lock>.<hex>.tmp files, keeps young ones and unrelated files', async () => {
    const dir = tempDir('catalog-lockfile-');
    const lock = join(dir, 'catalog.lock.yaml');
    const stale = join(dir, '.catalog.lock.yaml.0a1b2c3d4e5f.tmp');
    const young = join(dir, '.catalog.lock.yaml.ffeeddccbbaa.tmp');
    const other = join(dir, '.other.yaml.0a1b2c3d4e5f.tmp');
    for (const file of [stale, young, other]) writeFileSync(file, 'partial');
    const old = new Date(Date.now() - STALE_TEMPORARY_MS * 10);
    utimesSync(stale, old, old);
    utimesSync(other, old, old);
    await writeLock(lock, { upstreams: {} });
    expect(readdirSync(dir).sort()).toEqual(
      ['.catalog.lock.yaml.ffeeddccbbaa.tmp', '.other.yaml.0a1b2c3d4e5f.tmp', 'catalog.lock.yaml'].sort(),
    );
  });
});
