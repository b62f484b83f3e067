import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { aptSecuritySite, findSecurityMirror } from './security-mirror.js';

function aptDir(files: Record<string, string>): string {
  const dir = tempDir('catalog-apt-');
  mkdirSync(join(dir, 'sources.list.d'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const { catalog } = loadCatalog(
  'registry: localhost:5000/acme\nmirrors: { security: "https://mirror.test/sec/", empty: "" }\nimages:\n  os: { kind: os, versions: { "1": {} } }\n',
  'catalog.yaml',
);

describe('findSecurityMirror', () => {
  const apt = aptDir({ 'sources.list': 'deb http://apt.test/debian-security trixie-security main\n' });

  it('takes the catalog mirror, its override first, else apt', async () => {
    expect(await findSecurityMirror(catalog, 'security', {}, apt)).toEqual({
      url: 'https://mirror.test/sec',
      from: 'catalog',
      variable: 'CATALOG_MIRROR_SECURITY',
    });
    const env = { CATALOG_MIRROR_SECURITY: 'http://env.test/', CATALOG_DEBIAN_SECURITY_MIRROR: 'http://ignored.test' };
    expect(await findSecurityMirror(catalog, 'security', env, apt)).toMatchObject({
      url: 'http://env.test',
      from: 'environment',
    });
    expect(await findSecurityMirror(catalog, 'empty', {}, apt)).toMatchObject({
      url: 'http://apt.test/debian-security',
      from: 'apt',
    });
  });

  it('without a catalog mirror: CATALOG_DEBIAN_SECURITY_MIRROR, else apt, else nothing', async () => {
    const env = { CATALOG_DEBIAN_SECURITY_MIRROR: 'http://env.test/sec' };
    expect(await findSecurityMirror(catalog, undefined, env, apt)).toEqual({
      url: 'http://env.test/sec',
      from: 'environment',
      variable: 'CATALOG_DEBIAN_SECURITY_MIRROR',
    });
    expect(await findSecurityMirror(catalog, undefined, {}, apt)).toMatchObject({ from: 'apt' });
    expect(await findSecurityMirror(catalog, undefined, {}, aptDir({}))).toBeUndefined();
  });
});

describe('aptSecuritySite', () => {
  it('reads only the files apt reads, and skips disabled stanzas', async () => {
    const dir = aptDir({});
    writeFileSync(join(dir, 'sources.list.d', 'a.list.save'), 'deb http://backup.test/sec trixie-security main\n');
    writeFileSync(
      join(dir, 'sources.list.d', 'b.sources'),
      'Types: deb\nURIs: http://off.test/sec\nSuites: trixie-security\nEnabled: no\n\nTypes: deb\nURIs: http://on.test/sec\nSuites: trixie-security\n',
    );
    expect(await aptSecuritySite(dir)).toBe('http://on.test/sec');
  });
});
