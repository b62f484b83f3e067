import { existsSync, mkdirSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { type CatalogCache, catalogCache, writeSnapshot } from './catalog-cache.js';
import { loadCatalogFile } from './load.js';

const CATALOG = `registry: registry.example.com/acme
images:
  debian:
    kind: os
    from: docker.io/library/debian:trixie-slim
    versions:
      "13": {}
`;

function setup(text = CATALOG) {
  const dir = tempDir('catalog-cache-');
  writeFileSync(join(dir, 'catalog.yaml'), text);
  const cache: CatalogCache = { dir: join(dir, 'cache'), buildId: 'build-1' };
  const io = { stdout: { write: () => true }, stderr: { write: () => true }, env: {}, cwd: dir };
  const load = (withCache: CatalogCache | undefined = cache) =>
    loadCatalogFile({ catalog: 'catalog.yaml', json: false }, io, {}, withCache);
  const entries = () => (existsSync(cache.dir) ? readdirSync(cache.dir) : []);
  return { dir, cache, load, entries };
}

describe('the catalog cache', () => {
  it('keeps a valid catalog and reads it back instead of parsing the text again', async () => {
    const { cache, load, entries } = setup();
    const first = await load();
    expect(entries()).toHaveLength(1);
    // Proof that the second load reads the entry: change what the entry says.
    const file = join(cache.dir, entries()[0] as string);
    const entry = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...entry, catalog: { ...entry.catalog, registry: 'from.cache/x' } }));
    const second = await load();
    expect(second.catalog.registry).toBe('from.cache/x');
    expect(second.graph.order.map((n) => n.id)).toEqual(first.graph.order.map((n) => n.id));
    // Another build of the tool never reads it.
    expect((await load({ ...cache, buildId: 'build-2' })).catalog.registry).toBe('registry.example.com/acme');
  });

  it('loads the text again when an entry is damaged, and repairs it', async () => {
    const { cache, load, entries } = setup();
    await load();
    const file = join(cache.dir, entries()[0] as string);
    writeFileSync(file, '{"catalog": {"file": "catalog.yaml"'); // cut short
    expect((await load()).catalog.registry).toBe('registry.example.com/acme');
    expect(JSON.parse(readFileSync(file, 'utf8')).catalog.registry).toBe('registry.example.com/acme');
    writeFileSync(file, JSON.stringify({ catalog: { file: 'catalog.yaml', nodes: 'no' }, diagnostics: [] }));
    expect((await load()).catalog.nodes).toHaveLength(1);
  });

  it('never keeps an invalid catalog: its errors are reported every time', async () => {
    const { load, entries } = setup(CATALOG.replace('kind: os', 'kind: planet'));
    await expect(load()).rejects.toBeInstanceOf(InvalidInputError);
    await expect(load()).rejects.toBeInstanceOf(InvalidInputError);
    expect(entries()).toEqual([]);
  });

  it('keeps the 32 most recently used entries', async () => {
    const { cache, entries } = setup();
    const name = (i: number) => `${i.toString(16).padStart(64, '0')}.json`;
    mkdirSync(cache.dir);
    for (let i = 0; i < 33; i++) {
      writeFileSync(join(cache.dir, name(i)), '{}');
      const used = new Date(Date.now() - (100 - i) * 1000); // 0 is the least recently used
      utimesSync(join(cache.dir, name(i)), used, used);
    }
    await writeSnapshot(cache, 'f'.repeat(64), { catalog: {}, diagnostics: [] } as never);
    const kept = entries();
    expect(kept).toHaveLength(32);
    expect(kept).not.toContain(name(0));
    expect(kept).not.toContain(name(1));
    expect(kept).toContain(name(2));
    expect(kept).toContain(`${'f'.repeat(64)}.json`);
  });

  it('is found from the environment, and can be turned off', () => {
    expect(catalogCache({ CATALOG_CACHE: '/c' }, 'b')).toEqual({ dir: '/c/parsed-catalogs', buildId: 'b' });
    expect(catalogCache({ XDG_CACHE_HOME: '/x' }, 'b')).toEqual({ dir: '/x/catalog/parsed-catalogs', buildId: 'b' });
    expect(catalogCache({ CATALOG_PARSE_CACHE: 'off', CATALOG_CACHE: '/c' }, 'b')).toBeUndefined();
    // Unbundled code (these tests) has no build identity: no cache unless one is given.
    expect(catalogCache({ CATALOG_CACHE: '/c' }, undefined)).toBeUndefined();
  });
});
