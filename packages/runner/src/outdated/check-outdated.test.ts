import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { checkOutdated, type OutdatedRegistry } from './check-outdated.js';
import { consumerFiles } from './consumer-files.js';

/** A registry fake: the real one is in packages/cli/test/e2e/outdated.test.ts. */
const CATALOG = loadCatalog(
  'registry: r.example/acme\nimages:\n  app:\n    kind: os\n    versions: { "1.0.0": {} }\n',
  'catalog.yaml',
).catalog;
const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;
const DIGESTS: Record<string, string> = { '1.0.0': D2, '1.0': D2, '1.0.0-r1': D1, '1.0.0-r2': D2 };

function fakeRegistry(asked: string[]): OutdatedRegistry {
  return {
    listTags: async (repository) => {
      asked.push(`list ${repository}`);
      return Object.keys(DIGESTS);
    },
    resolve: async (reference) => {
      asked.push(`resolve ${reference}`);
      const digest = DIGESTS[reference.slice(reference.lastIndexOf(':') + 1)];
      return digest ? { digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 1 } : undefined;
    },
  };
}

describe('checkOutdated', () => {
  it('reads each tag list once, resolves only what it needs, and --write keeps the file mode', async () => {
    const dir = tempDir('catalog-outdated-');
    const manifest = `apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - image: 'r.example/acme/app@${D1}'\n`;
    writeFileSync(join(dir, 'pod.yml'), manifest);
    writeFileSync(join(dir, 'Dockerfile'), 'FROM r.example/acme/app:1.0\n');
    chmodSync(join(dir, 'pod.yml'), 0o640);
    const asked: string[] = [];
    const files = await consumerFiles(['.'], dir);
    const report = await checkOutdated(CATALOG, files, fakeRegistry(asked), { write: true });
    expect(report.problems).toEqual([]);
    expect(report.entries.map((e) => [e.file, e.status, e.update])).toEqual([
      ['Dockerfile', 'current', null],
      ['pod.yml', 'behind', `r.example/acme/app@${D2}`],
    ]);
    expect(asked.filter((a) => a.startsWith('list'))).toEqual(['list r.example/acme/app']);
    expect(report.written).toEqual(['pod.yml']);
    expect(readFileSync(join(dir, 'pod.yml'), 'utf8')).toBe(manifest.replace(D1, D2));
    expect(statSync(join(dir, 'pod.yml')).mode & 0o777).toBe(0o640);
  });
});
