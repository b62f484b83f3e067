import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');
const exampleDir = workspace({ 'catalog.yaml': example });

interface Entry {
  id: string;
  tags: string[];
  immutable: string;
}

async function tagsJson(...args: string[]): Promise<Entry[]> {
  const result = await run(['tags', '--json', ...args], exampleDir);
  expect(result).toMatchObject({ code: 0, stderr: '' });
  return JSON.parse(result.stdout).images;
}

describe('catalog tags', () => {
  it('prints a table of rolling and next immutable tags, with the footer', async () => {
    const result = await run(['tags'], exampleDir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+TAGS\s+NEXT IMMUTABLE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^python:3\.13\.5\s+3\.13\.5 3\.13 3\s+3\.13\.5-r1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^python:3\.11\.2\s+3\.11\.2 3\.11\s+3\.11\.2-r1$/));
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^flask:3\.1\.1-python3\.11\s+3\.1\.1-python3\.11 3\.1-python3\.11 3-python3\.11\s+3\.1\.1-python3\.11-r1$/,
      ),
    );
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines.at(-1)).toMatch(
      /-r1: no registry information is available yet.*only -rN tags and digests are reproducible/,
    );
    expect(result.stdout).not.toMatch(/\blatest\b/);
  });

  it('prints every node as JSON with --json', async () => {
    const images = await tagsJson();
    const byId = Object.fromEntries(images.map((entry) => [entry.id, entry]));
    expect(images).toHaveLength(7);
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
    const result = await run(['tags', 'pyhton'], exampleDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no node matches "pyhton"; did you mean "python"?');
  });

  it('exits 1 when two nodes claim one tag', async () => {
    const clash = example.replace('    versions:\n      "3.11.2":', '    versions:\n      "3": {}\n      "3.11.2":');
    expect(clash).not.toBe(example);
    const result = await run(['tags'], workspace({ 'catalog.yaml': clash }));
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^catalog\.yaml:\d+:\d+: images\.python\.versions\.3\.13\.5: tag "3" claimed by both python:3 and python:3\.13\.5/,
    );
  });
});
