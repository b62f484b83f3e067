import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../../test/test-io.js';

const image = (extra: string) =>
  `registry: r.example/acme\nimages:\n  a:\n    kind: os\n${extra}    versions: { "1": {} }\n`;

describe('catalog validate: paths stay inside the catalog folder', () => {
  it('rejects a template and a context that leave the folder, with their positions and the fix', async () => {
    const text = image('    template: ../../../../etc/hostname\n    context: ../..\n');
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').slice(0, 2)).toEqual([
      `catalog.yaml:5:15: images.a.template: template "../../../../etc/hostname" goes up out of the folder with "..": it must name a file inside the catalog's folder (write a path relative to the catalog's folder that stays inside it, e.g. images/a/Dockerfile.hbs)`,
      `catalog.yaml:6:14: images.a.context: context "../.." goes up out of the folder with "..": it must name a folder inside the catalog's folder (write a path relative to the catalog's folder that stays inside it, e.g. images/a/)`,
    ]);
  });

  it('rejects a template that leads out of the folder through a symbolic link, in validate and render', async () => {
    const base = tempDir('catalog-link-');
    writeFileSync(join(base, 'secret'), 'FROM scratch\n');
    const root = join(base, 'repo');
    mkdirSync(join(root, 'images/a'), { recursive: true });
    writeFileSync(join(root, 'catalog.yaml'), image(''));
    symlinkSync(join(base, 'secret'), join(root, 'images/a/Dockerfile.hbs'));
    for (const command of ['validate', 'render']) {
      const result = await run([command], root);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^catalog\.yaml:4:5: images\.a\.template: template "images\/a\/Dockerfile\.hbs" resolves to \/.*\/secret, outside the catalog's folder \(through a symbolic link\) \(the runner reads only files inside/,
      );
    }
  });
});

describe('catalog validate: bytes', () => {
  it('rejects a catalog that is not UTF-8 at the first bad byte, instead of a label with U+FFFD', async () => {
    const dir = workspace({});
    const latin1 = Buffer.from(
      'registry: r\nlabels:\n  vendor: caf\xe9\nimages:\n  a: { kind: os, versions: { "1": {} } }\n',
      'latin1',
    );
    writeFileSync(join(dir, 'catalog.yaml'), latin1);
    const result = await run(['validate'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'catalog.yaml:3:14: labels.vendor: the file is not UTF-8: byte 0xE9 is not a UTF-8 character (Latin-1 or Windows-1252 text?) (save the file as UTF-8, e.g. iconv -f latin1 -t utf-8 catalog.yaml)\n1 error in catalog.yaml\n',
    );
  });
});

describe('catalog validate: values render would refuse', () => {
  it('reports a line break, a control character and a trailing backslash with their positions', async () => {
    const text = image('    vars: { a: "x\\nRUN evil", b: "bell\\u0007", c: "x\\\\" }\n');
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'catalog.yaml:5:16: images.a.vars.a: value contains a line break, which would start a new Dockerfile instruction (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:5:34: images.a.vars.b: value contains a control character (values end up in Dockerfiles: keep them on one line)',
      'catalog.yaml:5:51: images.a.vars.c: value ends with a backslash, which would continue the line into the next instruction (values end up in Dockerfiles: keep them on one line)',
      '3 errors in catalog.yaml',
      '',
    ]);
  });
});

describe('catalog validate: unquoted versions', () => {
  it('rejects 3.10 read as 3.1, with the quoted fix', async () => {
    const text = 'registry: r\nimages:\n  python:\n    kind: os\n    versions:\n      3.10: {}\n';
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'catalog.yaml:6:7: images.python.versions.3.10: version 3.10 is not quoted: YAML reads it as the number 3.1 (write "3.10")\n1 error in catalog.yaml\n',
    );
  });
});

describe('catalog validate: duplicate keys', () => {
  it('names the real key, quoted and escaped, with its key path, one line per error', async () => {
    const text =
      'registry: r\nimages:\n  a: { kind: os, versions: { "3.13.5": {}, "3.13.5": {}, "a\\nb": {}, "a\\nb": {} } }\n';
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n')).toEqual([
      'catalog.yaml:3:44: images.a.versions.3.13.5: duplicate key "3.13.5" (first at line 3, column 30) (each key may appear once in a map: merge the two entries or rename one)',
      'catalog.yaml:3:70: images.a.versions."a\\nb": duplicate key "a\\nb" (first at line 3, column 58) (each key may appear once in a map: merge the two entries or rename one)',
      'catalog.yaml:3:70: images.a.versions."a\\nb": invalid version "a\\nb" (versions become tags: letters, digits, "_", "." and "-", at most 128)',
      '3 errors in catalog.yaml',
      '',
    ]);
  });
});

describe('catalog validate: every problem in one run', () => {
  it('goes on after a duplicate key and past a schema error in an image', async () => {
    const text = [
      'registry: r',
      'images:',
      '  a: { kind: os, versions: { "1": {} } }',
      '  a: { kind: osx, from: pyhton:1, versions: { "1": {} } }',
      '  python: { kind: os, versions: { "1": {} } }',
      '',
    ].join('\n');
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').map((line) => line.split(': ').slice(0, 2).join(': '))).toEqual([
      'catalog.yaml:4:3: images.a',
      'catalog.yaml:4:14: images.a.kind',
      'catalog.yaml:4:25: images.a.from',
      '3 errors in catalog.yaml',
      '',
    ]);
  });
});

describe('catalog validate: robustness', () => {
  it('says a folder given as the catalog is a folder, with the fix, not EISDIR', async () => {
    const dir = workspace({});
    mkdirSync(join(dir, 'somedir'));
    const result = await run(['validate', '--catalog', 'somedir'], dir);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'somedir: is a folder, not a catalog file (pass the file itself: --catalog somedir/catalog.yaml)\n1 error in somedir\n',
    });
  });

  it('reads merge keys', async () => {
    const text =
      'registry: r\nimages:\n  base: &base\n    kind: os\n    versions: { "1": {} }\n  other:\n    <<: *base\n    title: Other\n';
    const result = await run(['validate'], workspace({ 'catalog.yaml': text }));
    expect(result).toEqual({ code: 0, stdout: 'catalog.yaml: valid — 2 images, 2 nodes, 1 levels\n', stderr: '' });
  });
});
