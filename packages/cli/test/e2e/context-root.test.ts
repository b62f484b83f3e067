import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildah, removeImage } from './app-image.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';
import { labelsOf } from './registry-api.js';

/**
 * An image whose build context is the catalog's folder itself (`context: ./`), built with buildah
 * and pushed to a real registry: the workspace `out/` (build folders, logs, reports) and the
 * machine-local `.catalog/` are never copied into the context, so a second build finds the same
 * inputs and builds nothing.
 */
const skip = e2eSkipReason(['/usr/bin/buildah']);

interface Report {
  nodes: { id: string; status: string; reason?: string }[];
}

describe.skipIf(skip)(
  `a build context that is the catalog's folder${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 10 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    const report = (): Report => JSON.parse(readFileSync(join(workspace, 'out/report.json'), 'utf8'));

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = tempDir('catalog-e2e-context-');
      writeFileSync(
        join(workspace, 'catalog.yaml'),
        [
          `registry: ${registry.host}/e2e`,
          'builder: { name: buildah, storageDriver: vfs, isolation: chroot }',
          'images:',
          '  whole:',
          '    kind: os',
          '    context: ./',
          '    template: Dockerfile.hbs',
          '    versions: { "1": {} }',
          '',
        ].join('\n'),
      );
      writeFileSync(join(workspace, 'Dockerfile.hbs'), 'FROM scratch\nCOPY . /src/\n{{> labels}}\nUSER 10001\n');
      writeFileSync(join(workspace, 'notes.txt'), 'copied\n');
      mkdirSync(join(workspace, '.catalog'));
      writeFileSync(join(workspace, '.catalog/local.env'), 'CATALOG_BUILDAH_ISOLATION=chroot\n');
      cpSync(join(REPO, 'images/_partials'), join(workspace, 'images/_partials'), { recursive: true });
    });
    afterAll(() => {
      registry?.stop();
      for (const line of buildah(['images', '--noheading', '--format', '{{.Name}}:{{.Tag}}']).stdout.split('\n')) {
        if (line.includes('/whole:')) removeImage(line);
      }
    });

    it('builds and pushes, without out/ or .catalog/ in the context, and finds nothing to do the second time', async () => {
      const first = runCatalog(workspace, ['build', '--push', '--no-test', '--report', 'out/report.json']);
      expect(first.code, first.stdout + first.stderr).toBe(0);
      expect(report().nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['whole:1 built']);
      const folder = join(workspace, 'out/build/whole/1');
      expect(readdirSync(folder).sort()).toEqual(['Dockerfile', 'build.json', 'catalog.yaml', 'images', 'notes.txt']);
      expect(await labelsOf(registry.url, 'e2e/whole', '1')).toHaveProperty('org.opencontainers.image.version', '1');

      writeFileSync(join(workspace, 'out/logs-extra.txt'), 'written between the runs\n');
      const second = runCatalog(workspace, ['build', '--push', '--no-test', '--report', 'out/report.json']);
      expect(second.code, second.stdout + second.stderr).toBe(0);
      expect(report().nodes.map((n) => `${n.id} ${n.status}`)).toEqual(['whole:1 up-to-date']);
      expect(existsSync(join(folder, 'out'))).toBe(false);
    });
  },
);
