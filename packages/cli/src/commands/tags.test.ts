import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RegistryClient } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');
const exampleDir = workspace({ 'catalog.yaml': example });

interface Entry {
  id: string;
  tags: string[];
  immutable: string;
  published: string | null;
}

async function tagsJson(...args: string[]): Promise<Entry[]> {
  const result = await run(['tags', '--json', '--offline', ...args], exampleDir);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout).images;
}

describe('catalog tags', () => {
  it('prints a table of rolling and next immutable tags, with the footer', async () => {
    const result = await run(['tags', '--offline'], exampleDir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+TAGS\s+NEXT IMMUTABLE\s+PUBLISHED\s+PLATFORMS$/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^python:3\.13\.5\s+3\.13\.5 3\.13 3\s+3\.13\.5-r1\s+-\s+linux\/[a-z0-9]+$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^python:3\.11\.2\s+3\.11\.2 3\.11\s+3\.11\.2-r1\s+-\s+linux\/[a-z0-9]+$/),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^flask:3\.1\.1-python3\.11\s+3\.1\.1-python3\.11 3\.1-python3\.11 3-python3\.11\s+3\.1\.1-python3\.11-r1\s+-\s+linux\/[a-z0-9]+$/,
      ),
    );
    expect(lines).toHaveLength(1 + 8 + 1);
    expect(lines.at(-1)).toMatch(
      /assume nothing is published \(--offline\)\..*only -rN tags and digests are reproducible/,
    );
    expect(result.stdout).not.toMatch(/\blatest\b/);
  });

  it('prints every node as JSON with --json', async () => {
    const images = await tagsJson();
    const byId = Object.fromEntries(images.map((entry) => [entry.id, entry]));
    expect(images).toHaveLength(8);
    expect(byId['python:3.13.5']).toMatchObject({ tags: ['3.13.5', '3.13', '3'], immutable: '3.13.5-r1' });
    expect(byId['python:3.11.2']?.tags).toEqual(['3.11.2', '3.11']);
    expect(byId['flask:3.1.1-python3.13']?.tags).toEqual([
      ...['3.1.1', '3.1', '3'],
      ...['3.1.1-python3.13', '3.1-python3.13', '3-python3.13'],
    ]);
    expect(byId['flask:3.1.1-python3.11']).toMatchObject({
      tags: ['3.1.1-python3.11', '3.1-python3.11', '3-python3.11'],
      immutable: '3.1.1-python3.11-r1',
    });
    expect(images.flatMap((entry) => entry.tags)).not.toContain('latest');
  });

  it('selects nodes like catalog plan', async () => {
    expect((await tagsJson('python:3.13.5')).map((entry) => entry.id)).toEqual(['python:3.13.5']);
    expect((await tagsJson('flask')).map((entry) => entry.id)).toEqual([
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
    ]);
    expect((await tagsJson('kind:app')).map((entry) => entry.id)).toEqual(['hello:1.0.0']);
  });

  it('exits 2 on an unknown selector, with a suggestion', async () => {
    const result = await run(['tags', '--offline', 'pyhton'], exampleDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no node matches "pyhton"; did you mean "python"?');
  });

  it('exits 1 when two nodes claim one tag', async () => {
    const clash = example.replace('    versions:\n      "3.11.2":', '    versions:\n      "3": {}\n      "3.11.2":');
    expect(clash).not.toBe(example);
    const result = await run(['tags', '--offline'], workspace({ 'catalog.yaml': clash }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^catalog\.yaml:\d+:\d+: images\.python\.versions\.3\.13\.5: tag "3" claimed by both python:3 and python:3\.13\.5/,
    );
  });
});

describe('catalog tags and the registry', () => {
  it('says why the registry could not be read, and assumes nothing is published', async () => {
    const result = await run(['tags', '--registry', '127.0.0.1:9/acme', 'python:3.13.5'], exampleDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^python:3\.13\.5\s+3\.13\.5 3\.13 3\s+3\.13\.5-r1\s+-\s+linux\/[a-z0-9]+$/m);
    expect(result.stdout).toMatch(/assume nothing is published \(127\.0\.0\.1:9\/acme could not be read\)/);
    // The warning, with the reason, is on stderr: stdout is for data.
    expect(result.stdout).not.toContain('warning');
    expect(result.stderr).toMatch(
      /^catalog: warning: 127\.0\.0\.1:9\/acme could not be read \(.*127\.0\.0\.1:9.*\); next immutable tags assume nothing is published$/m,
    );
    const json = await run(['tags', '--json', '--registry', '127.0.0.1:9/acme', 'python:3.13.5'], exampleDir);
    expect(JSON.parse(json.stdout)).toMatchObject({ revisionsKnown: false, registryError: expect.any(String) });
    expect(json.stderr).toMatch(/^catalog: warning: 127\.0\.0\.1:9\/acme could not be read/);
  });

  const skip = localRegistrySkipReason();
  describe.skipIf(skip)(`against a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
    let registry: LocalRegistry;
    beforeAll(async () => {
      registry = await startLocalRegistry();
      const client = new RegistryClient({});
      const image = await writeTestOciLayout(tempDir('catalog-tags-'));
      const { digest } = await client.pushOciLayout(image.layoutDir, `${registry.host}/acme/python`);
      for (const tag of ['3.13.5-r1', '3.13.5-r2', '3.13.5', '3.11.2-r1']) {
        await client.tag(`${registry.host}/acme/python`, digest, tag);
      }
    });
    afterAll(() => registry?.stop());

    it('derives the next immutable tag from the tags the registry holds', async () => {
      const result = await run(
        ['tags', '--json', '--registry', `${registry.host}/acme`, 'python', 'debian'],
        exampleDir,
      );
      expect(result.code).toBe(0);
      const body = JSON.parse(result.stdout);
      expect(body.revisionsKnown).toBe(true);
      const byId = Object.fromEntries((body.images as Entry[]).map((entry) => [entry.id, entry]));
      expect(byId['python:3.13.5']).toMatchObject({ immutable: '3.13.5-r3', published: '3.13.5-r2' });
      expect(byId['python:3.11.2']).toMatchObject({ immutable: '3.11.2-r2', published: '3.11.2-r1' });
      // A repository the registry does not have yet: nothing published.
      expect(byId['debian:13']).toMatchObject({ immutable: '13-r1', published: null });
    });
  });
});
