import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeTags, loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');
const digest = `sha256:${'b'.repeat(64)}`;

function report(registry: string, pushed = true): string {
  return JSON.stringify({
    schemaVersion: 1,
    registry,
    pushed,
    interrupted: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: { built: 1, 'up-to-date': 0, failed: 1, skipped: 0 },
    nodes: [
      { id: 'flask:3.1.1-python3.13', status: 'built', digest, tags: ['3.1.1-python3.13', '3.1.1-python3.13-r4'] },
      { id: 'hello:1.0.0', status: 'failed', tags: [] },
    ],
  });
}

const read = (dir: string, path: string): string => readFileSync(join(dir, path), 'utf8');

describe('catalog docs', () => {
  it('writes the site and the Markdown version; without build state it says "not built yet"', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(['docs', '--out', 'site'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote 16 files for 6 images to site');
    expect(result.stdout).toContain('not built yet');
    for (const path of [
      'index.html',
      'tag-policy.html',
      'images/flask.html',
      'markdown/README.md',
      'markdown/images/flask.md',
    ]) {
      expect(existsSync(join(dir, 'site', path)), path).toBe(true);
    }
    expect(read(dir, 'site/images/flask.html')).toContain('not built yet');
  });

  it('writes FROM lines whose tags are in the catalog tag plan', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    await run(['docs'], dir);
    const plan = computeTags(loadCatalog(example, 'catalog.yaml').catalog);
    const tags = new Set([...plan.values()].flatMap((t) => t.rolling));
    const html = ['index.html', 'images/flask.html', 'images/python.html']
      .map((p) => read(dir, `out/docs/${p}`))
      .join('');
    const from = [...html.matchAll(/FROM localhost:5000\/acme\/[a-z]+:([^\s<"&]+)/g)].map((m) => m[1] ?? '');
    expect(from.length).toBeGreaterThan(5);
    for (const tag of from) expect(tags.has(tag), tag).toBe(true);
  });

  it('shows the digest and -rN tag of a build report given with --report', async () => {
    const dir = workspace({ 'catalog.yaml': example, 'r.json': report('localhost:5000/acme') });
    const result = await run(['docs', '--report', 'r.json', '--out', 'site'], dir);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('build state from build report r.json: 1 of 8 nodes built');
    const flask = read(dir, 'site/images/flask.html');
    expect(flask).toContain('<code>3.1.1-python3.13-r4</code>');
    expect(flask).toContain(digest);
    expect(read(dir, 'site/markdown/images/flask.md')).toContain('`3.1.1-python3.13-r4`');
  });

  it("reads the last build's report when it pushed to the catalog's registry, and only then", async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/last-build.json'), report('other.example/acme'));
    expect((await run(['docs'], dir)).stdout).toContain('not built yet');
    writeFileSync(join(dir, 'out/last-build.json'), report('localhost:5000/acme', false));
    expect((await run(['docs'], dir)).stdout).toContain('not built yet');
    writeFileSync(join(dir, 'out/last-build.json'), report('localhost:5000/acme'));
    expect((await run(['docs'], dir)).stdout).toContain('build state from build report out/last-build.json');
  });

  it("with --registry other than the one out/ holds, reads that registry's own report", async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, 'out/registries/b.example_acme'), { recursive: true });
    writeFileSync(join(dir, 'out/registry.txt'), 'localhost:5000/acme\n');
    writeFileSync(join(dir, 'out/last-build.json'), report('localhost:5000/acme'));
    writeFileSync(join(dir, 'out/registries/b.example_acme/last-build.json'), report('b.example/acme'));
    const other = await run(['docs', '--registry', 'b.example/acme'], dir);
    expect(other.stdout).toContain('build state from build report out/registries/b.example_acme/last-build.json');
    const own = await run(['docs'], dir);
    expect(own.stdout).toContain('build state from build report out/last-build.json');
  });

  it("fails clearly on a missing, truncated, older or foreign report, given or the last build's", async () => {
    const text = report('localhost:5000/acme');
    const dir = workspace({ 'catalog.yaml': example, 'bad.json': '{"nodes": 3}' });
    const missing = await run(['docs', '--report', 'nope.json'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope.json: build report not found');
    const bad = await run(['docs', '--report', 'bad.json'], dir);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.json: has no "schemaVersion": written by an older catalog');
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/last-build.json'), text.slice(0, 100));
    const truncated = await run(['docs'], dir);
    expect(truncated.code).toBe(1);
    expect(truncated.stderr).toContain('out/last-build.json: not a complete JSON document (truncated or damaged?)');
    writeFileSync(join(dir, 'out/last-build.json'), text.replace('"schemaVersion":1', '"schemaVersion":7'));
    const foreign = await run(['docs'], dir);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toContain('out/last-build.json: has schemaVersion 7; this catalog reads versions 1 and 2');
  });

  it('replaces only the files it wrote: stale pages go, other files in the folder stay', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, 'site/images'), { recursive: true });
    writeFileSync(join(dir, 'site/images/keep.txt'), 'mine');
    expect((await run(['docs', '--out', 'site'], dir)).code).toBe(0);
    expect(existsSync(join(dir, 'site/images/hello.html'))).toBe(true);
    const withoutHello = example.slice(0, example.indexOf('\n  hello:\n'));
    writeFileSync(join(dir, 'catalog.yaml'), `${withoutHello}\n`);
    const again = await run(['docs', '--out', 'site'], dir);
    expect(again.code, again.stderr).toBe(0);
    expect(existsSync(join(dir, 'site/images/hello.html'))).toBe(false);
    expect(existsSync(join(dir, 'site/markdown/images/hello.md'))).toBe(false);
    expect(existsSync(join(dir, 'site/images/flask.html'))).toBe(true);
    expect(read(dir, 'site/images/keep.txt')).toBe('mine');
  });

  it('--from-registry fails clearly when the registry does not answer', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(['docs', '--from-registry', '--registry', '127.0.0.1:1/acme'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot list tags of 127.0.0.1:1/acme/debian');
    expect(result.stderr).toContain('hint: is the registry running?');
  });

  it("--json lists what it wrote, and the tag policy states the catalog's maximum age and security watch", async () => {
    const dir = workspace({ 'catalog.yaml': example.replace(/rebuildAfter: \S+/, 'rebuildAfter: 14d') });
    const result = await run(['docs', '--json'], dir);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ images: 6, built: 0, stateSource: null });
    expect(json.files).toContain('tag-policy.html');
    const policy = read(dir, 'out/docs/tag-policy.html');
    expect(policy).toContain('<code>debian</code> is rebuilt at least every 14d');
    expect(policy).toMatch(/the packages installed in <code>debian<\/code>.*Debian security archive/);
    const without = workspace({ 'catalog.yaml': example.replace(/\n\s*rebuildAfter: \S+/, '') });
    expect((await run(['docs'], without)).code).toBe(0);
    expect(read(without, 'out/docs/tag-policy.html')).toContain('no image sets <code>rebuildAfter</code>');
  });
});
