import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

/** Cases that never reach a registry; the registry cases are in test/e2e/outdated.test.ts. */
const CATALOG = `registry: 127.0.0.1:9/acme
images:
  base:
    kind: os
    versions: { "1.0.0": {} }
`;

describe('catalog outdated', () => {
  it('documents itself and its exit codes', async () => {
    const help = await run(['outdated', '--help'], workspace({}));
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--write');
    expect(help.stdout).toContain('Exit codes: 0 everything current, 3 something is behind or retired, 1 an error');
    expect(help.stdout).toContain('catalog outdated --write');
  });

  it('a path that does not exist, or a folder without Dockerfiles or manifests, is an error', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG, 'notes.txt': 'hello\n' });
    const missing = await run(['outdated', 'nope/'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope/: no such file or folder (check the path)');
    mkdirSync(join(dir, 'empty'));
    const empty = await run(['outdated', 'empty'], dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('empty: no Dockerfile, Containerfile or YAML manifest in this folder');
  });

  it('files that reference other registries only: nothing to check, exit 0', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG, Dockerfile: 'FROM docker.io/library/debian:13\n' });
    // The catalog's own rendered Dockerfiles (FROM ${BASE_IMAGE}) under out/ are not searched.
    mkdirSync(join(dir, 'out/render/base/1.0.0'), { recursive: true });
    writeFileSync(join(dir, 'out/render/base/1.0.0/Dockerfile'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
    const result = await run(['outdated'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('no reference to 127.0.0.1:9/acme in 2 files');
  });

  it('build args in FROM and an unknown image: errors with position and fix, exit 1, nothing written', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG });
    const file = join(dir, 'Containerfile');
    const text = 'ARG BASE\nFROM --platform=$BUILDPLATFORM ${BASE} AS build\nFROM 127.0.0.1:9/acme/bsae:1.0.0-r1\n';
    writeFileSync(file, text);
    const result = await run(['outdated', 'Containerfile', '--write', '--json'], dir);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(
      report.errors.map((e: { position: { line: number; column: number }; message: string; hint: string }) => [
        e.position.line,
        e.position.column,
        e.message,
        e.hint,
      ]),
    ).toEqual([
      [
        2,
        32,
        'FROM ${BASE} depends on a build arg (no default): the image is chosen at build time, so it cannot be checked',
        'write the reference itself, e.g. 127.0.0.1:9/acme/<image>:<version>-rN (see `catalog tags`), or check the rendered file',
      ],
      [
        3,
        6,
        '127.0.0.1:9/acme/bsae:1.0.0-r1: no image "bsae" in the catalog; did you mean "base"?',
        "use one of the catalog's images: base",
      ],
    ]);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a manifest that is not YAML but names the registry cannot be checked', async () => {
    const dir = workspace({ 'catalog.yaml': CATALOG });
    writeFileSync(
      join(dir, 'chart.yaml'),
      'image: {{ .Values.image | default "127.0.0.1:9/acme/base:1.0.0" }}\n  - [\n',
    );
    const result = await run(['outdated', 'chart.yaml'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('chart.yaml: names 127.0.0.1:9/acme but is not valid YAML');
  });
});
