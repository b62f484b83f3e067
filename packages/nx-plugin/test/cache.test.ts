import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, buildPlugin, nxWorkspace, runMany } from './nx-workspace.js';

// Real `nx run-many -t image-render` (the bundled catalog command) on a temporary workspace: the cache
// is keyed on each node's files and effective catalog entry, so it agrees with the catalog's diff.
describe('the render target and the Nx cache', () => {
  let dir: string;
  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));

  beforeAll(() => {
    buildPlugin();
    buildCli();
    dir = nxWorkspace();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('renders every node once, then serves what a change did not touch from the cache', () => {
    expect(runMany(dir, 'image-render')).toEqual({ cached: 0, tasks: 8 });
    expect(readFileSync(join(dir, 'out/render/hello/1.0.0/Dockerfile'), 'utf8')).toContain('FROM');
    edit('catalog.yaml', (t) => t.replace('# The example hierarchy', '# The sample hierarchy'));
    expect(runMany(dir, 'image-render'), 'a comment').toEqual({ cached: 8, tasks: 8 });
    edit('catalog.yaml', (t) => t.replace(/sha256: 2411c74b[0-9a-f]+/, `sha256: ${'0'.repeat(64)}`));
    expect(runMany(dir, 'image-render'), 'the 3.11.2 entry: python:3.11.2 and its Flask variant').toEqual({
      cached: 6,
      tasks: 8,
    });
    edit('images/flask/requirements.txt.hbs', (t) => `${t}# edit\n`);
    expect(runMany(dir, 'image-render'), 'a Flask context file').toEqual({ cached: 6, tasks: 8 });
  });
});
