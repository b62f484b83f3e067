import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load } from '../../test/helpers.js';
import { affectedNodes } from './affected.js';

const root = fileURLToPath(new URL('../../../../', import.meta.url));
const text = readFileSync(join(root, 'catalog.yaml'), 'utf8');
const head = load(text);
const templates = ['images/_partials', ...head.catalog.images.map((i) => `images/${i.name}`)].flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.hbs'))
    .map((f) => ({ file: `${dir}/${f}`, text: readFileSync(join(root, dir, f), 'utf8') })),
);

function affected(files: string[], baseText?: string) {
  const baseCatalog = baseText === undefined ? undefined : load(baseText).catalog;
  const input = { ...head, files, catalogFile: 'catalog.yaml', templates, ...(baseCatalog ? { baseCatalog } : {}) };
  return affectedNodes(input);
}
const ids = (result: ReturnType<typeof affected>) => result.nodes.map((n) => `${n.id} <- ${n.reason}`);

describe('affectedNodes', () => {
  it('a template change selects its image and everything built on it', () => {
    expect(ids(affected(['images/flask/Dockerfile.hbs']))).toEqual([
      'flask:3.1.1-python3.13 <- images/flask/Dockerfile.hbs',
      'flask:3.1.1-python3.11 <- images/flask/Dockerfile.hbs',
      'hello:1.0.0 <- parent flask:3.1.1-python3.13',
    ]);
  });

  it('a context file selects its image', () => {
    expect(ids(affected(['images/hello/app.py']))).toEqual(['hello:1.0.0 <- images/hello/app.py']);
  });

  it('a partial selects the images whose templates use it, and only those', () => {
    const result = affected(['images/_partials/mirror-args.hbs']);
    expect(result.nodes.map((n) => n.id)).toEqual([
      'python:3.11.2',
      'python:3.13.5',
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
      'hello:1.0.0',
    ]);
    expect(result.nodes[0]?.reason).toBe('images/_partials/mirror-args.hbs');
  });

  it('the tooling of a prepare step selects the bootstrapped base and its descendants', () => {
    expect(affected(['tools/base-rootfs.sh']).nodes).toHaveLength(head.graph.size);
    expect(affected(['tools/lib/common.sh']).nodes[0]).toEqual({ id: 'debian:13', reason: 'tools/lib/common.sh' });
    expect(affected(['README.md', 'packages/core/src/index.ts']).nodes).toEqual([]);
  });

  it('a change to one version entry selects that version and its descendants only', () => {
    const base = text.replace(
      'sha256: 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
      'sha256: 0000',
    );
    expect(ids(affected(['catalog.yaml'], base))).toEqual([
      'python:3.11.2 <- images.python.versions.3.11.2',
      'flask:3.1.1-python3.11 <- parent python:3.11.2',
    ]);
  });

  it('a comment or formatting change selects nothing', () => {
    const base = text.replace('# The example hierarchy', '# An example hierarchy').replace('kind: os', 'kind:   os');
    expect(affected(['catalog.yaml'], base).nodes).toEqual([]);
  });

  it('a global key selects every node; builder settings select none', () => {
    expect(affected(['catalog.yaml'], text.replace('licenses: Apache-2.0', 'licenses: MIT')).nodes).toHaveLength(
      head.graph.size,
    );
    expect(affected(['catalog.yaml'], text.replace('isolation: chroot', 'isolation: oci')).nodes).toEqual([]);
  });

  it('selects the nodes whose platforms changed, at any level, and what is built on them', () => {
    const both = text.replace(/^images:/m, 'platforms: [linux/amd64, linux/arm64]\nimages:');
    expect(load(both).catalog.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    const grown = affectedNodes({
      ...load(both),
      files: ['catalog.yaml'],
      catalogFile: 'catalog.yaml',
      templates,
      baseCatalog: head.catalog,
    });
    expect(grown.nodes).toHaveLength(head.graph.size);
    expect(grown.nodes[0]).toEqual({
      id: 'debian:13',
      reason: 'catalog.yaml platforms (linux/amd64 → linux/amd64, linux/arm64)',
    });
    const appOnly = both.replace(/( {2}hello:\n {4}kind: app\n)/, '$1    platforms: [linux/amd64]\n');
    const narrowed = affectedNodes({
      ...load(appOnly),
      files: ['catalog.yaml'],
      catalogFile: 'catalog.yaml',
      templates,
      baseCatalog: load(both).catalog,
    });
    expect(narrowed.nodes.map((n) => `${n.id} <- ${n.reason}`)).toEqual(['hello:1.0.0 <- images.hello']);
  });

  it('reports deleted nodes and selects new ones', () => {
    const base = text.replace('"3.1.1":', '"3.0.3": {}\n      "3.1.1":');
    const result = affected(['catalog.yaml'], base);
    expect(result.deleted.map((n) => n.id)).toEqual(['flask:3.0.3-python3.13', 'flask:3.0.3-python3.11']);
    expect(result.nodes).toEqual([]);
    const newer = affected(['catalog.yaml'], text.replace(/ {2}hello:\n[\s\S]*$/, ''));
    expect(ids(newer)).toEqual(['hello:1.0.0 <- new in catalog.yaml']);
  });
});
