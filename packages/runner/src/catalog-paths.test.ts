import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { formatDiagnostic, InvalidInputError, loadCatalog, renderNodes } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { readTemplates } from './read-templates.js';
import { writeRendered } from './write-render.js';

const CATALOG = ['registry: r.example/acme', 'images:', '  a:', '    kind: os', '    versions: { "1": {} }', ''].join(
  '\n',
);

const TEMPLATE = 'FROM scratch\n{{> labels}}\n';

/** A catalog folder with the given files (text) and links (name → target), next to a folder outside it. */
function setup(files: Record<string, string>, links: Record<string, string> = {}) {
  const base = tempDir('catalog-paths-');
  const root = join(base, 'repo');
  const outside = join(base, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(join(outside, 'secret'), 'FROM scratch\nsecret\n');
  const all = { 'catalog.yaml': CATALOG, 'images/_partials/labels.hbs': 'LABEL a=b\n', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  for (const [name, target] of Object.entries(links)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    symlinkSync(target.replace('<outside>', outside), join(root, name));
  }
  const loaded = loadCatalog(readFileSync(join(root, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
  return { root, outside, loaded };
}

async function errorsOf(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof InvalidInputError)) throw new Error(`expected an InvalidInputError, got ${String(error)}`);
  return error.diagnostics.map(formatDiagnostic);
}

describe('files read from the catalog folder stay inside it, links followed', () => {
  it('reads templates, partials and context templates that are inside (links inside are fine)', async () => {
    const { root, loaded } = setup(
      { 'images/a/real.hbs': TEMPLATE, 'images/a/app.txt.hbs': 'x\n' },
      { 'images/a/Dockerfile.hbs': 'real.hbs', 'images/a/data': '../../catalog.yaml' },
    );
    const inputs = await readTemplates(root, loaded.catalog, loaded.sourceMap);
    expect(inputs.templates.get('images/a/Dockerfile.hbs')).toBe(TEMPLATE);
    expect(inputs.partials.map((p) => p.file)).toEqual(['images/_partials/labels.hbs']);
    // The Dockerfile template (even through a link) is not a context file.
    expect(inputs.contextTemplates?.get('images/a/')?.map((t) => t.file)).toEqual([
      'images/a/app.txt.hbs',
      'images/a/real.hbs',
    ]);
  });

  it('rejects a template that is a link out of the folder, at the image in the catalog', async () => {
    const { root, outside, loaded } = setup({}, { 'images/a/Dockerfile.hbs': '<outside>/secret' });
    expect(await errorsOf(readTemplates(root, loaded.catalog, loaded.sourceMap))).toEqual([
      `catalog.yaml:4:5: images.a.template: template "images/a/Dockerfile.hbs" resolves to ${outside}/secret, outside the catalog's folder (through a symbolic link) (the runner reads only files inside the catalog's folder: replace the link with the file itself, or point it inside)`,
    ]);
  });

  it('rejects a context folder that is a link out of the folder', async () => {
    const { root, outside, loaded } = setup({ 'images/Dockerfile.hbs': TEMPLATE }, { 'images/a': '<outside>' });
    const errors = await errorsOf(readTemplates(root, loaded.catalog, loaded.sourceMap));
    expect(errors).toContain(
      `catalog.yaml:4:5: images.a.context: context "images/a/" resolves to ${outside}, outside the catalog's folder (through a symbolic link) (the runner reads only files inside the catalog's folder: replace the link with the folder itself, or point it inside)`,
    );
  });

  it('rejects links in a build context and in the partials folder that lead outside, dangling ones too', async () => {
    const { root, outside, loaded } = setup(
      { 'images/a/Dockerfile.hbs': TEMPLATE },
      {
        'images/a/etc': '<outside>',
        'images/a/sub/key.hbs': '<outside>/secret',
        'images/a/gone': '<outside>/nothing-here',
        'images/_partials/os/debian/x.hbs': '<outside>/secret',
      },
    );
    const errors = await errorsOf(readTemplates(root, loaded.catalog, loaded.sourceMap));
    expect(errors).toEqual([
      `catalog.yaml:4:5: images.a.context: context "images/a/" holds "images/a/etc", a symbolic link to ${outside}, outside the catalog's folder (the runner reads only files inside the catalog's folder: replace the link with the file itself, or point it inside)`,
      expect.stringContaining(
        `images.a.context: context "images/a/" holds "images/a/gone", a symbolic link to ${outside}/nothing-here`,
      ),
      expect.stringContaining(
        `images.a.context: context "images/a/" holds "images/a/sub/key.hbs", a symbolic link to ${outside}/secret`,
      ),
      `images/_partials/os/debian/x.hbs: the partials folder images/_partials holds "images/_partials/os/debian/x.hbs", a symbolic link to ${outside}/secret, outside the catalog's folder (the runner reads only files inside the catalog's folder: replace the link with the file itself, or point it inside)`,
    ]);
  });

  it('reports a template that is a folder instead of failing with EISDIR', async () => {
    const { root, loaded } = setup({ 'images/a/Dockerfile.hbs/x': '' });
    const errors = await errorsOf(readTemplates(root, loaded.catalog, loaded.sourceMap));
    expect(errors).toEqual([
      'catalog.yaml:4:5: images.a.template: template "images/a/Dockerfile.hbs" is a folder (point "template:" at the Dockerfile template, e.g. images/a/Dockerfile.hbs/Dockerfile.hbs)',
    ]);
  });
});

describe('templates are UTF-8', () => {
  it('rejects a template that is not, at the line and column of the first bad byte', async () => {
    const { root, loaded } = setup({ 'images/a/Dockerfile.hbs': '' });
    writeFileSync(join(root, 'images/a/Dockerfile.hbs'), Buffer.from('FROM scratch\nLABEL x="caf\xe9"\n', 'latin1'));
    expect(await errorsOf(readTemplates(root, loaded.catalog, loaded.sourceMap))).toEqual([
      'images/a/Dockerfile.hbs:2:13: the file is not UTF-8: byte 0xE9 is not a UTF-8 character (Latin-1 or Windows-1252 text?) (save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 images/a/Dockerfile.hbs)',
    ]);
  });
});

describe('writeRendered copies only what is inside the catalog folder', () => {
  const render = (root: string, loaded: ReturnType<typeof setup>['loaded']) =>
    readTemplates(root, loaded.catalog).then((inputs) => renderNodes(loaded, loaded.graph.order, inputs));

  it('refuses a link in the context that leads outside (even when the templates were read before it appeared)', async () => {
    const { root, outside, loaded } = setup({ 'images/a/Dockerfile.hbs': TEMPLATE });
    const rendered = await render(root, loaded);
    symlinkSync(join(outside, 'secret'), join(root, 'images/a/stolen'));
    const errors = await errorsOf(writeRendered(root, join(root, 'out'), rendered));
    expect(errors[0]).toMatch(
      /^images\/a\/stolen: the build context of a:1 \(images\/a\/\) leads to .*\/outside\/secret, outside/,
    );
  });

  it('replaces a link in the context named like a file it writes, instead of writing through it', async () => {
    const { root, loaded } = setup(
      { 'images/a/Dockerfile.hbs': TEMPLATE, 'keep.txt': 'unchanged\n' },
      { 'images/a/build.json': '../../keep.txt' },
    );
    const written = await writeRendered(root, join(root, 'out'), await render(root, loaded));
    expect(readFileSync(join(root, 'keep.txt'), 'utf8')).toBe('unchanged\n');
    expect(JSON.parse(readFileSync(join(written[0]?.dir ?? '', 'build.json'), 'utf8')).id).toBe('a:1');
  });

  it('copies a context that holds the output and the workspace (context: ./) without them', async () => {
    const { root } = setup({
      'catalog.yaml': CATALOG.replace('kind: os', 'kind: os\n    context: ./'),
      'images/a/Dockerfile.hbs': TEMPLATE,
      'out/logs/run.log': 'old\n',
      '.catalog/local.env': 'CATALOG_REGISTRY=r.example/private\n',
    });
    const reloaded = loadCatalog(readFileSync(join(root, 'catalog.yaml'), 'utf8'), 'catalog.yaml');
    const rendered = await render(root, reloaded);
    for (const round of [1, 2]) {
      const written = await writeRendered(root, join(root, 'out/build'), rendered, { skip: [join(root, 'out')] });
      expect({ round, files: readdirSync(written[0]?.dir ?? '').sort() }).toEqual({
        round,
        files: ['Dockerfile', 'build.json', 'catalog.yaml', 'images'],
      });
    }
  });
});
