import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { STALE_TEMPORARY_MS, temporaryFor, writeFileAtomic } from './atomic-file.js';

describe('writeFileAtomic and the temporary files of killed writes', () => {
  it('writes through a temporary file named for this process, and leaves only the file', async () => {
    const dir = tempDir('catalog-atomic-');
    const file = join(dir, 'last-build.json');
    expect(temporaryFor(file)).toMatch(new RegExp(`/\\.last-build\\.json\\.${process.pid}-[0-9a-f]{12}\\.tmp$`));
    await writeFileAtomic(file, 'one\n');
    await writeFileAtomic(file, 'two\n');
    expect(readFileSync(file, 'utf8')).toBe('two\n');
    expect(readdirSync(dir)).toEqual(['last-build.json']);
  });

  it("removes a gone run's temporary files whatever their age, never a live run's or another file's", async () => {
    const dir = tempDir('catalog-atomic-');
    const file = join(dir, 'last-build.json');
    const dead = spawnSync('true').pid as number;
    const names = {
      dead: `.last-build.json.${dead}-0a1b2c3d4e5f.tmp`,
      live: `.last-build.json.${process.ppid}-0a1b2c3d4e5f.tmp`,
      legacyOld: '.last-build.json.0a1b2c3d4e5f.tmp',
      legacyYoung: '.last-build.json.ffeeddccbbaa.tmp',
      other: `.other.json.${dead}-0a1b2c3d4e5f.tmp`,
    };
    for (const name of Object.values(names)) writeFileSync(join(dir, name), 'partial');
    const old = new Date(Date.now() - STALE_TEMPORARY_MS * 10);
    utimesSync(join(dir, names.legacyOld), old, old);
    await writeFileAtomic(file, '{}\n');
    expect(readdirSync(dir).sort()).toEqual(['last-build.json', names.live, names.legacyYoung, names.other].sort());
  });
});
