import { describe, expect, it } from 'vitest';
import { EXAMPLE, errorsOf, load, yaml } from '../../test/helpers.js';
import { loadCatalog } from '../catalog/load-catalog.js';
import { InvalidInputError } from '../errors.js';
import { tagDiagnostics } from './validate.js';

const cases: { name: string; text: string; errors: (string | RegExp)[] }[] = [
  {
    name: 'a version and a shorter spelling of it both claim the major tag',
    text: yaml`
      registry: r
      images:
        x:
          kind: os
          versions:
            "3": {}
            "3.0": {}
    `,
    errors: [
      /^catalog\.yaml:7:14: images\.x\.versions\.3\.0: tag "3" claimed by both x:3 and x:3\.0 \(two nodes of one image/,
    ],
  },
  {
    name: 'a one-component version and a newer point release of it',
    text: yaml`
      registry: r
      images:
        debian:
          kind: os
          versions:
            "13": {}
            "13.1": {}
    `,
    errors: [/images\.debian\.versions\.13\.1: tag "13" claimed by both debian:13 and debian:13\.1/],
  },
  {
    name: 'a variant alias equal to another variant name',
    text: yaml`
      registry: r
      images:
        x:
          kind: os
          versions: { "1.0.0": {} }
          variants:
            slim: {}
            slim-trixie: { aliases: [slim] }
    `,
    errors: [
      /^catalog\.yaml:8:20: images\.x\.variants\.slim-trixie: tags "1\.0\.0-slim", "1\.0-slim", "1-slim" claimed by both x:1\.0\.0-slim and x:1\.0\.0-slim-trixie/,
    ],
  },
  {
    name: 'latest-<variant> becoming a version tag',
    text: yaml`
      registry: r
      images:
        x:
          kind: os
          tags: { latest: true }
          versions: { "1": {}, "2": {} }
          variants:
            main: { default: true }
            "2": {}
    `,
    // Integer-like keys come first in YAML maps read as objects: variant "2" is expanded before "main".
    errors: [/images\.x\.variants\.main: tag "2" claimed by both x:2-2 and x:2-main/],
  },
  {
    name: 'latest on a line without a stable version',
    text: yaml`
      registry: r
      images:
        python:
          kind: os
          tags: { latest: "3.12" }
          versions: { "3.11.2": {}, "3.12.0rc1": {}, "3.13.5": {} }
    `,
    errors: [
      'catalog.yaml:5:21: images.python.tags.latest: latest points at version line "3.12", which has no stable version in the catalog (stable versions of python: 3.11.2, 3.13.5)',
    ],
  },
  {
    name: 'latest naming something that is not a version line',
    text: yaml`
      registry: r
      images:
        python: { kind: os, tags: { latest: stable }, versions: { "3.13.5": {} } }
    `,
    errors: [/images\.python\.tags\.latest: "stable" is not a version line/],
  },
  {
    name: 'a rolling tag in the immutable -rN form',
    text: yaml`
      registry: r
      images:
        x: { kind: os, versions: { "1.0": {}, "1.0-r1": {} } }
    `,
    errors: [
      /images\.x\.versions\.1\.0-r1: "x:1\.0-r1" would be published as "1\.0-r1", in the form of immutable -rN tags/,
      // 1.0-r1 is the PEP 440 post-release 1.0.post1: newest of the 1.0 line, so it claims the full tag of 1.0.
      /images\.x\.versions\.1\.0-r1: tag "1\.0" claimed by both x:1\.0 and x:1\.0-r1/,
    ],
  },
  {
    name: 'a tag longer than 128 characters',
    text: yaml`
      registry: r
      images:
        x:
          kind: os
          versions: { "1.2.3": {} }
          variants: { ${'v'.repeat(124)}: {} }
    `,
    errors: [/would be published as "1\.2\.3-v{124}", "1\.2\.3-v{124}-r1", not valid tags \(tags have at most 128/],
  },
];

describe('tag validation in loadCatalog', () => {
  it.each(cases)('$name', ({ text, errors }) => {
    const found = errorsOf(text);
    expect(found).toHaveLength(errors.length);
    errors.forEach((error, i) => {
      if (typeof error === 'string') expect(found[i]).toBe(error);
      else expect(found[i]).toMatch(error);
    });
  });

  it('throws InvalidInputError with a tag-conflict diagnostic naming both nodes', () => {
    const text = yaml`
      registry: r
      images:
        x: { kind: os, versions: { "3": {}, "3.0": {} } }
    `;
    let caught: unknown;
    try {
      loadCatalog(text, 'catalog.yaml');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const [diagnostic] = (caught as InvalidInputError).diagnostics;
    expect(diagnostic).toMatchObject({
      code: 'tag-conflict',
      severity: 'error',
      path: ['images', 'x', 'versions', '3.0'],
    });
    expect(diagnostic?.message).toContain('x:3 and x:3.0');
    expect(diagnostic?.position).toMatchObject({ file: 'catalog.yaml', line: 3 });
  });

  it('accepts the example catalog, and works without a source map', () => {
    const { catalog } = load(EXAMPLE);
    expect(tagDiagnostics(catalog)).toEqual([]);
    const python = catalog.nodes.find((node) => node.id === 'python:3.11.2');
    if (!python) throw new Error('python:3.11.2 missing');
    const copy = { ...python, id: 'python:3.11.2-copy' };
    const diagnostics = tagDiagnostics({ ...catalog, nodes: [...catalog.nodes, copy] });
    expect(diagnostics.map((d) => [d.code, d.position])).toEqual([['tag-conflict', undefined]]);
  });
});
