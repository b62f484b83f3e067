import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, renderNodes } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { readTemplates } from './read-templates.js';

/**
 * Golden files: the example catalog's rendered Dockerfiles (and rendered context files), committed
 * under test/golden/. After an intended change to a template, regenerate them with
 * `UPDATE_GOLDEN=1 npx vitest run src/golden.test.ts` and review the diff.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const golden = fileURLToPath(new URL('../test/golden/', import.meta.url));
const update = process.env.UPDATE_GOLDEN === '1';

const loaded = loadCatalog(readFileSync(join(root, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
const rendered = renderNodes(loaded, loaded.graph.order, await readTemplates(root, loaded.catalog));

describe('the example catalog renders as the golden files', () => {
  const files = rendered.flatMap((node) => [
    { id: node.id, path: join(node.outDir, 'Dockerfile'), text: node.dockerfile },
    ...node.files.map((file) => ({ id: node.id, path: join(node.outDir, file.path), text: file.text })),
  ]);

  it.each(files)('$path', ({ path, text }) => {
    const file = join(golden, path);
    if (update) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
    expect(text).toBe(readFileSync(file, 'utf8'));
  });

  it('covers every node of the example', () => {
    expect(rendered.map((node) => node.id)).toEqual(loaded.graph.order.map((node) => node.id));
  });
});
