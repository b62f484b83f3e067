import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { readCatalog } from './read-catalog.js';

const text = readFileSync(fileURLToPath(new URL('../../../catalog.yaml', import.meta.url)), 'utf8');

describe('readCatalog', () => {
  let root = '';
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('reads a catalog in a subfolder with its templates', async () => {
    root = tempDir('catalog-nx-read-');
    mkdirSync(join(root, 'platform/images/_partials'), { recursive: true });
    mkdirSync(join(root, 'platform/images/flask'), { recursive: true });
    writeFileSync(join(root, 'platform/catalog.yaml'), text);
    writeFileSync(join(root, 'platform/images/flask/Dockerfile.hbs'), '{{> labels}}\n');
    writeFileSync(join(root, 'platform/images/_partials/labels.hbs'), 'LABEL a=b\n');
    const source = await readCatalog(root, 'platform/catalog.yaml');
    expect([source.dir, source.file]).toEqual(['platform', 'catalog.yaml']);
    expect(source.templates.map((t) => t.file).sort()).toEqual([
      'images/_partials/labels.hbs',
      'images/flask/Dockerfile.hbs',
    ]);
  });

  it('lists every problem of an invalid catalog, as catalog validate prints them', async () => {
    root = tempDir('catalog-nx-read-');
    writeFileSync(join(root, 'catalog.yaml'), text.replace('from: pyenv:2.5.4', 'from: pyenvv:2.5.4'));
    await expect(readCatalog(root, 'catalog.yaml')).rejects.toThrow(
      /1 error in catalog\.yaml \(run `catalog validate`\):\n {2}catalog\.yaml:\d+:\d+: images\.python\.from: unknown image "pyenvv"; did you mean "pyenv"\?/,
    );
  });
});
