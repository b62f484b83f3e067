import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { load, yaml } from '../../test/helpers.js';
import { formatDiagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import { listSources } from './list-sources.js';

const example = load(readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8'));

function listAll(text: string, env: Record<string, string> = {}) {
  const loaded = load(text);
  return listSources(loaded, loaded.graph.order, env);
}

function errorsOf(text: string): string[] {
  try {
    listAll(text);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected the sources to be invalid');
}

/** A catalog of one os image (whose extra keys follow) and the given further images. */
function catalog(osKeys: string, images = ''): string {
  const indent = (text: string, spaces: string) =>
    text
      .split('\n')
      .filter((line) => line.trim())
      .map((line) => spaces + line)
      .join('\n');
  return `registry: localhost:5000/acme\nimages:\n  os:\n    kind: os\n    versions: { "1": {} }\n${indent(osKeys, '    ')}\n${indent(images, '  ')}\n`;
}

describe('listSources on the example catalog', () => {
  const listing = listSources(example, example.graph.order, {});
  const byId = Object.fromEntries(listing.nodes.map((node) => [node.id, node]));

  it('lists the CPython tarballs with their checksums and file names', () => {
    expect(byId['python:3.11.2']?.sources).toEqual([
      {
        variable: 'source',
        declaredAt: 'images.python.versions.3.11.2.source',
        type: null,
        url: 'https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz',
        sha256: '2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
        file: 'Python-3.11.2.tgz',
        fields: {},
      },
    ]);
    expect(byId['python:3.13.5']?.sources[0]).toMatchObject({
      file: 'Python-3.13.5.tar.xz',
      sha256: '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
    });
  });

  it('lists a typed source with its other fields', () => {
    expect(byId['pyenv:2.5.4']?.sources).toEqual([
      {
        variable: 'source',
        declaredAt: 'images.pyenv.versions.2.5.4.source',
        type: 'debian',
        url: null,
        sha256: null,
        file: null,
        fields: { package: '2.5.4-1' },
      },
    ]);
  });

  it("lists Flask's pinned requirements in every variant", () => {
    for (const id of ['flask:3.1.1-python3.13', 'flask:3.1.1-python3.11']) {
      const requirements = byId[id]?.requirements ?? [];
      expect(requirements.map((r) => `${r.name} ${r.version}`)).toEqual([
        'blinker 1.9.0',
        'click 8.1.8',
        'gunicorn 23.0.0',
        'itsdangerous 2.2.0',
        'jinja2 3.1.6',
        'markupsafe 2.1.5',
        'packaging 25.0',
        'werkzeug 3.1.3',
      ]);
      expect(requirements[0]).toMatchObject({
        requirement: 'blinker==1.9.0',
        specifier: '==1.9.0',
        declaredAt: 'images.flask.versions.3.1.1.requirements.0',
      });
    }
  });

  it('lists nodes without sources with empty lists, in graph order', () => {
    expect(listing.nodes.map((n) => n.id)).toEqual(example.graph.order.map((n) => n.id));
    expect(byId['debian:13']).toMatchObject({ sources: [], requirements: [] });
    expect(byId['hello:1.0.0']).toMatchObject({ sources: [], requirements: [] });
  });

  it('lists the mirrors with their build args and overrides', () => {
    const env = { CATALOG_MIRROR_PYTHON_BUILD: 'http://127.0.0.1:8765/python-build', CATALOG_MIRROR_PYPI: '' };
    expect(listSources(example, [], env).mirrors).toEqual([
      {
        name: 'debianSecurity',
        buildArg: 'MIRROR_DEBIAN_SECURITY',
        variable: 'CATALOG_MIRROR_DEBIAN_SECURITY',
        default: '',
        value: '',
        overridden: false,
      },
      {
        name: 'pypi',
        buildArg: 'MIRROR_PYPI',
        variable: 'CATALOG_MIRROR_PYPI',
        default: 'https://pypi.org/simple',
        value: 'https://pypi.org/simple',
        overridden: false,
      },
      {
        name: 'pythonBuild',
        buildArg: 'MIRROR_PYTHON_BUILD',
        variable: 'CATALOG_MIRROR_PYTHON_BUILD',
        default: '',
        value: 'http://127.0.0.1:8765/python-build',
        overridden: true,
      },
      {
        name: 'pythonOrg',
        buildArg: 'MIRROR_PYTHON_ORG',
        variable: 'CATALOG_MIRROR_PYTHON_ORG',
        default: 'https://www.python.org',
        value: 'https://www.python.org',
        overridden: false,
      },
    ]);
  });

  it('names the security suite every node gets fixes from', () => {
    expect(listing.securityArchives).toEqual([
      {
        image: 'debian',
        suite: 'trixie-security',
        components: ['main'],
        mirror: 'debianSecurity',
        nodes: example.graph.order.map((n) => n.id),
      },
    ]);
    const hello = example.graph.node('hello:1.0.0');
    expect(listSources(example, [hello], {}).securityArchives[0]?.nodes).toEqual(['hello:1.0.0']);
  });
});

describe('listSources: where variables come from', () => {
  it('reads sources lists, catalog, image and variant variables, and names where each is written', () => {
    const listing = listAll(yaml`
      registry: localhost:5000/acme
      vars:
        requirements: ["Flask_Login[extra]>=0.6,<1; python_version >= '3.9'", requests]
      mirrors: { security: https://security.example/debian }
      images:
        os:
          kind: os
          securityUpdates: { suite: bookworm-security, mirror: security }
          versions: { "1": {} }
        tool:
          kind: runtime
          from: os:1
          vars:
            sources:
              - { url: "https://example.org/dl/tool-1.0.tar.gz?x=1", sha256: ${'A'.repeat(64)} }
              - { type: git, url: https://example.org/tool.git, tag: v1.0 }
          versions: { "1.0": {} }
          variants:
            slim: { default: true, source: { type: debian, package: "1.0-2" } }
    `);
    const tool = listing.nodes.find((n) => n.id === 'tool:1.0-slim');
    expect(tool?.sources).toEqual([
      {
        variable: 'source',
        declaredAt: 'images.tool.variants.slim.source',
        type: 'debian',
        url: null,
        sha256: null,
        file: null,
        fields: { package: '1.0-2' },
      },
      {
        variable: 'sources[0]',
        declaredAt: 'images.tool.vars.sources.0',
        type: null,
        url: 'https://example.org/dl/tool-1.0.tar.gz?x=1',
        sha256: 'a'.repeat(64),
        file: 'tool-1.0.tar.gz',
        fields: {},
      },
      {
        variable: 'sources[1]',
        declaredAt: 'images.tool.vars.sources.1',
        type: 'git',
        url: 'https://example.org/tool.git',
        sha256: null,
        file: 'tool.git',
        fields: { tag: 'v1.0' },
      },
    ]);
    expect(tool?.requirements).toEqual([
      {
        requirement: "Flask_Login[extra]>=0.6,<1; python_version >= '3.9'",
        name: 'flask-login',
        specifier: '>=0.6,<1',
        version: null,
        declaredAt: 'vars.requirements.0',
      },
      { requirement: 'requests', name: 'requests', specifier: '', version: null, declaredAt: 'vars.requirements.1' },
    ]);
    expect(listing.securityArchives).toEqual([
      {
        image: 'os',
        suite: 'bookworm-security',
        components: ['main'],
        mirror: 'security',
        nodes: ['os:1', 'tool:1.0-slim'],
      },
    ]);
  });
});

describe('listSources: malformed sources are errors with a position and a fix', () => {
  it('rejects a download without its sha256', () => {
    const errors = errorsOf(catalog('vars:\n  source: { url: https://example.org/os.tar.gz }'));
    expect(errors).toEqual([
      'catalog.yaml:7:15: images.os.vars.source: the source https://example.org/os.tar.gz has no "sha256": a download must be pinned by its checksum (add sha256: <the file\'s sha256> (sha256sum FILE), or a "type" for a fetch pinned another way)',
    ]);
  });

  it('rejects a source that is not a mapping', () => {
    const errors = errorsOf(catalog('vars:\n  source: https://example.org/os.tar.gz'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^catalog\.yaml:7:15: images\.os\.vars\.source: "source" must be a mapping, not string/);
    expect(errors[0]).toContain('(write { url: <https URL>, sha256: <64 hex digits> }');
  });

  it('collects every problem of the listed nodes, each once, and points inside lists', () => {
    const errors = errorsOf(
      catalog(
        'vars:\n  sources: [{ url: https://example.org/a, sha256: abc }, 42]',
        [
          'app:',
          '  kind: runtime',
          '  from: os:1',
          '  versions:',
          '    "1": { requirements: [flask==3.1.1, "not a requirement!"] }',
          '    "2": { source: { tag: v2 } }',
          '    "3": { sources: { url: x } }',
        ].join('\n'),
      ),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^catalog\.yaml:7:\d+: images\.os\.vars\.sources\.0\.sha256: "sha256" must be 64 hexadecimal digits, not "abc"/,
      ),
      expect.stringMatching(
        /^catalog\.yaml:12:\d+: images\.app\.versions\.1\.requirements\.1: "not a requirement!" is not a pip requirement/,
      ),
      expect.stringMatching(
        /^catalog\.yaml:13:\d+: images\.app\.versions\.2\.source: a source needs a "url" \(with its "sha256"\) or a "type"/,
      ),
      expect.stringMatching(
        /^catalog\.yaml:14:\d+: images\.app\.versions\.3\.sources: "sources" must be a list of mappings, not a mapping/,
      ),
    ]);
  });

  it('checks only the nodes it lists', () => {
    const loaded = load(catalog('', 'app:\n  kind: runtime\n  from: os:1\n  versions: { "1": { source: 42 } }'));
    expect(listSources(loaded, [loaded.graph.node('os:1')], {}).nodes).toHaveLength(1);
    expect(() => listSources(loaded, loaded.graph.order, {})).toThrow(InvalidInputError);
  });
});
