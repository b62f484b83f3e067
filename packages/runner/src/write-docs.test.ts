import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { DOCS_WRITTEN_LIST, writeDocsSite } from './write-docs.js';

it('writes the files and removes only the pages an earlier run wrote that are gone now', async () => {
  const out = tempDir('catalog-docs-');
  writeFileSync(join(out, 'mine.txt'), 'not written by catalog docs');
  await writeDocsSite(out, [
    { path: 'index.html', content: 'index' },
    { path: 'images/old.html', content: 'old' },
  ]);
  expect(readFileSync(join(out, DOCS_WRITTEN_LIST), 'utf8')).toBe('index.html\nimages/old.html\n');
  await writeDocsSite(out, [
    { path: 'index.html', content: 'index 2' },
    { path: 'images/new.html', content: 'new' },
  ]);
  expect(readFileSync(join(out, 'index.html'), 'utf8')).toBe('index 2');
  expect(readFileSync(join(out, 'images/new.html'), 'utf8')).toBe('new');
  expect(existsSync(join(out, 'images/old.html'))).toBe(false);
  expect(existsSync(join(out, 'mine.txt'))).toBe(true);
});

it('never removes a listed path outside the folder', async () => {
  const parent = tempDir('catalog-docs-');
  const out = join(parent, 'site');
  writeFileSync(join(parent, 'outside.txt'), 'keep');
  mkdirSync(out);
  writeFileSync(join(out, DOCS_WRITTEN_LIST), `../outside.txt\n${join(parent, 'outside.txt')}\n`);
  await writeDocsSite(out, [{ path: 'index.html', content: 'index' }]);
  expect(existsSync(join(parent, 'outside.txt'))).toBe(true);
});
