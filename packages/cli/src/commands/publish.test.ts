import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const CATALOG = `registry: 127.0.0.1:9/acme
images:
  os:
    kind: os
    versions: { "13": {} }
`;

const report = (over: Record<string, unknown> = {}) =>
  JSON.stringify({
    schemaVersion: 2,
    registry: '127.0.0.1:9/acme',
    revision: 'r1',
    pushed: true,
    published: false,
    interrupted: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: { built: 1, 'up-to-date': 0, failed: 0, skipped: 0 },
    nodes: [{ id: 'os:13', platform: 'linux/amd64', status: 'built', digest: `sha256:${'a'.repeat(64)}`, tags: [] }],
    ...over,
  });

describe('catalog publish', () => {
  it('has help with its exit codes and examples', async () => {
    const result = await run(['publish', '--help'], workspace({ 'catalog.yaml': CATALOG }));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: catalog publish [options] [reports...]');
    expect(result.stdout).toContain('Exit codes: 0 every node tagged');
    expect(result.stdout).toContain('$ catalog publish reports/');
  });

  it('needs a report: a wrong command line exits 2', async () => {
    const result = await run(['publish'], workspace({ 'catalog.yaml': CATALOG }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('give the build reports to publish (files or folders), or --bake-metadata FILE');
  });

  it('names a path that does not exist, and a folder without reports', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG });
    mkdirSync(join(dir, 'empty'));
    const missing = await run(['publish', 'nope.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such file or folder: nope.json');
    const empty = await run(['publish', 'empty'], dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty holds no build report (*.json)');
  });

  it('refuses a damaged report and reports of another commit before touching the registry, with file, key and fix', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG, 'a.json': report(), 'b.json': '{"schemaVersion": 2, "nodes": [' });
    const damaged = await run(['publish', 'a.json', 'b.json'], dir, { CATALOG_REVISION: 'r1' });
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('b.json: not a complete JSON document');
    const other = await run(['publish', 'a.json'], dir, { CATALOG_REVISION: 'r2' });
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('a.json');
    expect(other.stderr).toContain('revision');
    expect(other.stderr).toContain('was built from commit r1; this catalog is at r2');
    expect(other.stderr).toContain('check out r1 to publish it, or rebuild at r2');
  });

  it('names a missing or damaged bake metadata file', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG, 'bake.json': '{"os-13": {"image.name": "elsewhere/os"}}' });
    const missing = await run(['publish', '--bake-metadata', 'nope.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: no such file');
    const damaged = await run(['publish', '--bake-metadata', 'bake.json'], dir);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('bake.json');
    expect(damaged.stderr).toContain('os-13 has no image digest');
  });

  it('build --no-publish without --push is a usage error', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG });
    writeFileSync(join(dir, 'x'), '');
    const result = await run(['build', '--no-publish', '--dry-run'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-publish needs --push');
  });
});
