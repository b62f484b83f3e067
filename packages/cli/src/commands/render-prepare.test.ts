import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const CATALOG = (command: string) => `registry: r.example/acme
images:
  base:
    kind: os
    prepare: { run: [sh, -c, "${command}"], file: rootfs.tar }
    versions: { "1": {} }
`;

function withTemplate(command: string): string {
  const dir = workspace({ 'catalog.yaml': CATALOG(command) });
  mkdirSync(join(dir, 'images/base'), { recursive: true });
  writeFileSync(join(dir, 'images/base/Dockerfile.hbs'), 'FROM scratch\nADD rootfs.tar /\n');
  return dir;
}

describe('catalog render --prepare', () => {
  it('runs the prepare step and copies its file into the rendered folder: a complete build context', async () => {
    const dir = withTemplate('printf tarball > made.tar && echo made.tar');
    const plain = await run(['render'], dir);
    expect(plain.code, plain.stderr).toBe(0);
    expect(existsSync(join(dir, 'out/render/base/1/rootfs.tar'))).toBe(false);
    const prepared = await run(['render', '--prepare'], dir);
    expect(prepared.code, prepared.stderr).toBe(0);
    expect(readFileSync(join(dir, 'out/render/base/1/rootfs.tar'), 'utf8')).toBe('tarball');
    expect(prepared.stderr).toContain('base:1: prepared rootfs.tar');
  });

  it('a failing prepare step fails the command naming the node', async () => {
    const result = await run(['render', '--prepare'], withTemplate('exit 3'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('base:1: prepare step failed: sh -c exit 3 exited 3');
  });
});
