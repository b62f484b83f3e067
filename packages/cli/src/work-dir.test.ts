import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';
import { registryWorkDir } from './work-dir.js';

const example = readFileSync(new URL('../../../catalog.yaml', import.meta.url), 'utf8');

describe('registryWorkDir', () => {
  it('gives out/ to the first registry that builds there, and every other registry its own folder', async () => {
    const out = join(workspace({}), 'out');
    expect(await registryWorkDir(out, 'a.example/acme', false)).toBe(out);
    expect(await registryWorkDir(out, 'a.example/acme', true)).toBe(out);
    expect(readFileSync(join(out, 'registry.txt'), 'utf8')).toBe('a.example/acme\n');
    expect(await registryWorkDir(out, 'a.example/acme', true)).toBe(out);
    expect(await registryWorkDir(out, '127.0.0.1:5000/acme', true)).toBe(join(out, 'registries/127.0.0.1_5000_acme'));
  });
});

describe('catalog build with two registries in one workspace', () => {
  it("reads the last report of its own registry, never the other registry's", async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/registry.txt'), 'a.example/acme\n');
    writeFileSync(join(dir, 'out/last-build.json'), '{"schemaVersion": 1, "nodes": [');
    const own = await run(['build', '--dry-run', '--registry', 'a.example/acme'], dir);
    expect(own.stderr).toContain('out/last-build.json: not a complete JSON document');
    const other = await run(['build', '--dry-run', '--registry', 'b.example/acme'], dir);
    expect(other.stderr).not.toContain('last-build.json');
  });
});
