import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { errorsOf, load, yaml } from '../../test/helpers.js';
import { numberWatch } from './number-keys.js';

describe('hostile YAML gets a positioned error, never a crash', () => {
  it('refuses flow nesting deeper than 100 levels, at the line and column, with the key path', () => {
    const text = `registry: r\nimages: ${'['.repeat(5000)}${']'.repeat(5000)}\n`;
    expect(errorsOf(text)).toEqual([
      'catalog.yaml:2:108: images.0.0.0.0.0.0.0.0.0.0.0: the document nests deeper than 100 levels (a catalog needs a few levels: flatten this value)',
    ]);
  });

  it('refuses block nesting deeper than 100 levels the same way', () => {
    const keys = Array.from({ length: 150 }, (_, i) => `\n${' '.repeat(10 + 2 * i)}k${i}:`).join('');
    const text = `registry: r\nimages:\n  a:\n    kind: os\n    versions:\n      "1":\n        deep:${keys} 1\n`;
    const [error] = errorsOf(text);
    expect(error).toMatch(
      /^catalog\.yaml:\d+:\d+: images\.a\.versions\.1\.deep\.k0\.k1\.k2\.k3\.k4\.k5\.k6: the document nests deeper than 100 levels/,
    );
  });

  it('refuses an alias bomb at the alias that expands it, with its key path', () => {
    const levels = Array.from({ length: 6 }, (_, i) =>
      i === 0
        ? '    l0: &l0 [x, x, x, x, x, x, x, x, x, x]'
        : `    l${i}: &l${i} [${Array(10)
            .fill(`*l${i - 1}`)
            .join(', ')}]`,
    );
    const text = `registry: r\nvars:\n  bomb:\n${levels.join('\n')}\nimages:\n  a: { kind: os, versions: { "1": {} } }\n`;
    expect(errorsOf(text)).toEqual([
      'catalog.yaml:9:59: vars.bomb.l5.9: the document expands to far more values than it has text (YAML aliases nested in aliases?) (write the values out, or use fewer nested aliases)',
    ]);
  });

  it('refuses aliases that nest the data deeper than the text may', () => {
    const deep = (inner: string) => `${'['.repeat(90)}${inner}${']'.repeat(90)}`;
    const text = `registry: r\nvars:\n  l0: &l0 ${deep('x')}\n  l1: &l1 ${deep('*l0')}\n  l2: ${deep('*l1')}\nimages:\n  a: { kind: os, versions: { "1": {} } }\n`;
    const [error] = errorsOf(text);
    expect(error).toMatch(
      /^catalog\.yaml:5:97: vars\.l2(\.0){10}: aliases nest the document deeper than 200 levels \(write the values out/,
    );
  });
});

describe('merge keys', () => {
  const text = yaml`
    registry: r
    images:
      base: &base
        kind: os
        title: Base
        vars: { suite: trixie, arch: amd64 }
        versions: { "13": {} }
      other:
        <<: *base
        title: Other
      third:
        title: Third
        <<: [{ kind: os, vars: { suite: first } }, *base]
  `;

  it('are read as YAML merges: explicit keys win, then the merged maps in order', () => {
    const { catalog } = load(text);
    const other = catalog.images.find((i) => i.name === 'other');
    const third = catalog.images.find((i) => i.name === 'third');
    expect(other).toMatchObject({ kind: 'os', title: 'Other', vars: { suite: 'trixie', arch: 'amd64' } });
    expect(third).toMatchObject({ kind: 'os', title: 'Third', vars: { suite: 'first' } });
    expect(catalog.nodes.map((n) => n.id)).toEqual(['base:13', 'other:13', 'third:13']);
  });

  it('report problems where the merged value is written, under each image that merges it', () => {
    const broken = text
      .replace('kind: os\n    title: Base', 'kind: osx\n    title: Base')
      .replace('"13": {}', '"13.x": {}');
    expect(errorsOf(broken)).toEqual([
      'catalog.yaml:4:11: images.base.kind: unknown kind "osx"; did you mean "os"? (expected one of os, runtime, framework, app)',
      'catalog.yaml:4:11: images.other.kind: unknown kind "osx"; did you mean "os"? (expected one of os, runtime, framework, app)',
      'catalog.yaml:7:17: images.third.versions.13.x: invalid version "13.x" (expected a PEP 440 version such as 3.13.5 or 3.14.0rc1 (no epoch or local part))',
    ]);
  });

  it('merge only maps, with the position and the fix', () => {
    expect(errorsOf('registry: r\nimages:\n  a:\n    <<: 5\n    kind: os\n')).toEqual([
      'catalog.yaml:4:10: images.a.<<: invalid YAML: cannot merge mappings; the provided source object is unacceptable ("<<" merges maps: write <<: *anchor or <<: [*a, *b], the anchors naming maps)',
    ]);
  });
});

describe('numbers as values', () => {
  it('stay numbers, and cost no second parse (only keys are names)', () => {
    const text =
      'registry: r\nvars: { timeout: 1.0, ratio: 0x1A, list: [1.0] }\nimages:\n  a: { kind: os, versions: { "1": {} } }\n';
    expect(load(text).catalog.vars).toEqual({ timeout: 1, ratio: 26, list: [1] });
    const seen = (yamlText: string) => {
      const watch = numberWatch();
      jsYaml.load(yamlText, { schema: jsYaml.CORE_SCHEMA, listener: watch.listener });
      return watch.seen();
    };
    expect(seen(text)).toBe(false);
    expect(seen('a: { 3.10: x }\n')).toBe(true);
    expect(seen('a:\n  1.0 : x\n')).toBe(true);
    expect(seen('a: { 3.5: x, "3.10": y, 13: z }\n')).toBe(false);
  });
});
