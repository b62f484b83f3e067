import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';
import { HOST_PLATFORM } from './host-platform.js';

const example = readFileSync(fileURLToPath(new URL('../../../catalog.yaml', import.meta.url)), 'utf8');
const exampleDir = workspace({ 'catalog.yaml': example });

describe('catalog validate', () => {
  it('passes on the example with a one-line summary', async () => {
    const result = await run(['validate'], exampleDir);
    expect(result).toEqual({ code: 0, stdout: 'catalog.yaml: valid — 6 images, 8 nodes, 5 levels\n', stderr: '' });
  });

  it('exits 1 with every error as file:line:col and no stack trace', async () => {
    const broken = example.replace('from: pyenv:2.5.4', 'from: pyenv:9').replace('kind: app', 'kind: ap');
    const result = await run(['validate'], workspace({ 'catalog.yaml': broken }));
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^catalog\.yaml:\d+:\d+: images\.python\.from: image "pyenv" has no version "9"/);
    expect(lines[1]).toMatch(/^catalog\.yaml:\d+:\d+: images\.hello\.kind: unknown kind "ap"; did you mean "app"\?/);
    expect(lines[2]).toBe('2 errors in catalog.yaml');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects a builder engine the registry does not know, with did-you-mean and the registry's list", async () => {
    const text = example.replace('\n  name: buildah\n', '\n  name: dockr\n');
    expect(text).toContain('name: dockr');
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^catalog\.yaml:\d+:\d+: builder\.name: unknown name "dockr"; did you mean "docker"\? \(expected one of buildah, podman, docker, kaniko\)$/m,
    );
  });

  it('reports a missing file with the fix', async () => {
    const result = await run(['validate', '--catalog', 'nope.yaml'], exampleDir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('nope.yaml: file not found (run from the folder that holds catalog.yaml');
  });

  it('prints diagnostics as JSON with --json', async () => {
    const result = await run(['validate', '--json'], workspace({ 'catalog.yaml': 'registry: r\nimages: {}\n' }));
    expect(result.code).toBe(1);
    const body = JSON.parse(result.stdout);
    expect(body.ok).toBe(false);
    expect(body.diagnostics[0]).toMatchObject({ code: 'empty-catalog', position: { line: 2, column: 9 } });
  });
});

describe('catalog plan', () => {
  it('lists every node parents first as JSON', async () => {
    const result = await run(['plan', '--json'], exampleDir);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout);
    expect(plan.images.map((i: { id: string }) => i.id)).toEqual([
      'debian:13',
      'pyenv:2.5.4',
      'python:3.11.2',
      'python:3.13.5',
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
      'catalog:0.1.0',
      'hello:1.0.0',
    ]);
    expect(plan.images[0]).toMatchObject({
      id: 'debian:13',
      image: 'debian',
      version: '13',
      variant: null,
      parent: null,
      kind: 'os',
    });
    expect(plan.images[4]).toMatchObject({ variant: 'python3.13', parent: 'python:3.13.5', kind: 'framework' });
  });

  it('selects with descendants and uses the registry from the environment', async () => {
    const result = await run(['plan', 'python:3.11.2', '--descendants'], exampleDir, {
      CATALOG_REGISTRY: '127.0.0.1:5000/acme',
    });
    expect(result.stdout).toBe(
      [
        'python:3.11.2  runtime, FROM pyenv:2.5.4 (not in this plan; must already be published)',
        '  flask:3.1.1-python3.11  framework, FROM python:3.11.2',
        `2 nodes to build into 127.0.0.1:5000/acme for ${HOST_PLATFORM}`,
        '',
      ].join('\n'),
    );
  });

  it('exits 2 for an unknown selector or option', async () => {
    const selector = await run(['plan', 'pyhton'], exampleDir);
    expect(selector.code).toBe(2);
    expect(selector.stderr).toContain('no node matches "pyhton"; did you mean "python"?');
    const option = await run(['plan', '--bogus'], exampleDir);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--bogus'");
  });
});

describe('catalog graph', () => {
  it.each([
    ['text', /^debian:13 \(os\)\n├── pyenv:2\.5\.4/],
    ['dot', /^digraph catalog/],
    ['mermaid', /^graph TD/],
    ['json', /^\{\n {2}"nodes"/],
  ])('prints --format %s', async (format, pattern) => {
    const result = await run(['graph', '--format', format], exampleDir);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(pattern);
  });

  it('rejects an unknown format with exit 2', async () => {
    const result = await run(['graph', '--format', 'svg'], exampleDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("argument 'svg' is invalid");
  });
});

describe('the installed command', () => {
  const bin = fileURLToPath(new URL('../bin/catalog.js', import.meta.url));

  it('runs as a process: help on every command, exit codes', () => {
    expect(execFileSync('node', [bin, '--help'], { encoding: 'utf8' })).toContain('Usage: catalog');
    expect(execFileSync('node', [bin, 'plan', '--help'], { encoding: 'utf8' })).toContain('--descendants');
    const invalid = spawnSync('node', [bin, 'validate', '--catalog', 'missing.yaml'], {
      encoding: 'utf8',
      cwd: exampleDir,
    });
    expect(invalid.status).toBe(1);
    const valid = spawnSync('node', [bin, 'validate'], { encoding: 'utf8', cwd: exampleDir });
    expect(valid.status).toBe(0);
  });
});
