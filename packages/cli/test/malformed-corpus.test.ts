import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { run } from './test-io.js';

/**
 * Malformed catalogs through the real command (`catalog validate`, in-process): each must exit 1 with
 * every problem as `file:line:col: key.path: message (fix)`, never a stack trace or an internal error.
 *
 * The files in fixtures/malformed/ start with `# expect: <text>`, which a line of the report must
 * contain; the cases below them need bytes, sizes or a file system that a fixture cannot hold.
 * Timings are measured, never asserted: CATALOG_CORPUS_TIMES=1 prints them.
 */
const FIXTURES = fileURLToPath(new URL('./fixtures/malformed/', import.meta.url));

interface Case {
  readonly name: string;
  /** The folder to run in and the catalog file in it. */
  readonly dir: string;
  readonly file: string;
  readonly expect: string;
}

function fixtureCases(): Case[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => {
      const first = readFileSync(join(FIXTURES, file), 'utf8').split('\n')[0] ?? '';
      const expected = /^# expect: (.+)$/.exec(first)?.[1];
      if (!expected) throw new Error(`${file}: the first line must be "# expect: <text of the error>"`);
      return { name: file, dir: FIXTURES, file, expect: expected };
    });
}

const IMAGE = '  a: { kind: os, versions: { "1": {} } }\n';

/** Cases written at run time, in a folder of their own. */
function generatedCases(): Case[] {
  const dir = tempDir('catalog-malformed-');
  const cases: Case[] = [];
  const add = (file: string, content: string | Buffer, expected: string) => {
    writeFileSync(join(dir, file), content);
    cases.push({ name: file, dir, file, expect: expected });
  };
  add(
    'latin1.yaml',
    Buffer.from(`registry: r\nlabels: { vendor: caf\xe9 }\nimages:\n${IMAGE}`, 'latin1'),
    'labels.vendor: the file is not UTF-8: byte 0xE9 is not a UTF-8 character',
  );
  add(
    'windows-1252.yaml',
    Buffer.concat([
      Buffer.from('registry: r\nimages:\n  a:\n    kind: os\n    description: '),
      Buffer.from([0x93, 0x71, 0x75, 0x6f, 0x74, 0x65, 0x64, 0x94]),
      Buffer.from('\n    versions: { "1": {} }\n'),
    ]),
    'images.a.description: the file is not UTF-8: byte 0x93',
  );
  add(
    'utf8-cut-short.yaml',
    Buffer.concat([
      Buffer.from('registry: r\nimages:\n  a: { kind: os, versions: { "1'),
      Buffer.from([0xe2, 0x82]),
      Buffer.from('": {} } }\n'),
    ]),
    'images.a.versions: the file is not UTF-8: bytes 0xE2 0x82 are not a UTF-8 character',
  );
  add(
    'raw-control-character.yaml',
    `registry: r\nimages:\n  a: { kind: os, title: x\x01y, versions: { "1": {} } }\n`,
    'images.a: invalid YAML: the stream contains non-printable characters',
  );
  add(
    'deep-flow.yaml',
    `registry: r\nimages:\n${IMAGE}vars: { x: ${'['.repeat(20_000)}${']'.repeat(20_000)} }\n`,
    'vars.x.0.0.0.0.0.0.0.0.0.0: the document nests deeper than 100 levels',
  );
  const keys = Array.from({ length: 300 }, (_, i) => `\n${' '.repeat(4 + 2 * i)}k${i}:`).join('');
  add(
    'deep-block.yaml',
    `registry: r\nimages:\n${IMAGE}vars:\n  x:${keys} 1\n`,
    'vars.x.k0.k1.k2.k3.k4.k5.k6.k7.k8.k9',
  );
  const nest = (inner: string) => `${'['.repeat(90)}${inner}${']'.repeat(90)}`;
  add(
    'alias-depth.yaml',
    `registry: r\nimages:\n${IMAGE}vars:\n  l0: &l0 ${nest('x')}\n  l1: &l1 ${nest('*l0')}\n  l2: ${nest('*l1')}\n`,
    'vars.l2.0.0.0.0.0.0.0.0.0.0: aliases nest the document deeper than 200 levels',
  );
  const outside = tempDir('catalog-outside-');
  writeFileSync(join(outside, 'hostname'), 'FROM scratch\n');
  const linked = join(dir, 'linked');
  mkdirSync(join(linked, 'images/a'), { recursive: true });
  symlinkSync(join(outside, 'hostname'), join(linked, 'images/a/Dockerfile.hbs'));
  writeFileSync(join(linked, 'catalog.yaml'), `registry: r\nimages:\n${IMAGE}`);
  cases.push({
    name: 'template-symlink-outside',
    dir: linked,
    file: 'catalog.yaml',
    expect: `images.a.template: template "images/a/Dockerfile.hbs" resolves to ${outside}/hostname, outside the catalog's folder`,
  });
  const contextLink = join(dir, 'context-link');
  mkdirSync(join(contextLink, 'images'), { recursive: true });
  symlinkSync(outside, join(contextLink, 'images/a'));
  writeFileSync(join(contextLink, 'catalog.yaml'), `registry: r\nimages:\n${IMAGE}`);
  cases.push({
    name: 'context-symlink-outside',
    dir: contextLink,
    file: 'catalog.yaml',
    expect: `images.a.context: context "images/a/" resolves to ${outside}, outside the catalog's folder`,
  });
  return cases;
}

const cases = [...fixtureCases(), ...generatedCases()];
const times: { name: string; ms: number }[] = [];
const ENV = { CATALOG_PARSE_CACHE: 'off' };

interface JsonDiagnostic {
  readonly file: string;
  readonly message: string;
  readonly position?: { readonly line: number; readonly column: number };
  readonly path?: readonly (string | number)[];
  readonly hint?: string;
}

describe('a corpus of malformed catalogs through `catalog validate`', () => {
  it('holds at least 30 catalogs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  it.each(cases)(
    '$name: exit 1, every problem with file:line:col, key path and fix',
    async ({ name, dir, file, expect: expected }) => {
      const start = performance.now();
      const text = await run(['validate', '--catalog', file], dir, ENV);
      times.push({ name, ms: performance.now() - start });
      const json = await run(['validate', '--catalog', file, '--json'], dir, ENV);

      expect(text.code, text.stderr).toBe(1);
      expect(text.stdout).toBe('');
      expect(text.stderr).not.toMatch(/internal error|\n\s+at |Error:|Maximum call stack/);
      const lines = text.stderr.split('\n');
      expect(lines.pop()).toBe('');
      const summary = lines.pop();
      expect(summary).toMatch(new RegExp(`^\\d+ errors? in ${file.replace(/\./g, '\\.')}$`));
      for (const line of lines) expect(line).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}:\\d+:\\d+: \\S`));
      expect(
        lines.some((line) => line.includes(expected)),
        `no line contains "${expected}":\n${text.stderr}`,
      ).toBe(true);

      expect(json.code).toBe(1);
      const { ok, diagnostics } = JSON.parse(json.stdout) as { ok: boolean; diagnostics: JsonDiagnostic[] };
      expect(ok).toBe(false);
      expect(diagnostics).toHaveLength(lines.length);
      diagnostics.forEach((d, i) => {
        const where = `${name}: ${d.message}`;
        expect(d.position?.line, where).toBeGreaterThan(0);
        expect(d.position?.column, where).toBeGreaterThan(0);
        expect(d.path?.length ?? 0, where).toBeGreaterThan(0);
        expect(d.hint ?? '', where).not.toBe('');
        // The text line of the same problem: its position, a key path before the message, the fix at the end.
        const line = lines[i] ?? '';
        expect(line.startsWith(`${file}:${d.position?.line}:${d.position?.column}: `), `${where}\n${line}`).toBe(true);
        expect(line.slice(`${file}:${d.position?.line}:${d.position?.column}: `.length), where).toMatch(
          /^(?:[^\s"]+|"(?:[^"\\]|\\.)*")+: /,
        );
        expect(line.endsWith(` (${d.hint})`), `${where}\n${line}`).toBe(true);
      });
    },
  );

  it('measures each run (printed with CATALOG_CORPUS_TIMES=1, never asserted)', () => {
    expect(times).toHaveLength(cases.length);
    if (process.env.CATALOG_CORPUS_TIMES) {
      for (const { name, ms } of [...times].sort((a, b) => b.ms - a.ms)) {
        process.stdout.write(`${ms.toFixed(1).padStart(8)} ms  ${name}\n`);
      }
    }
  });
});
