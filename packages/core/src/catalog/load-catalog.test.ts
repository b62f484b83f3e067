import { describe, expect, it } from 'vitest';
import { EXAMPLE, load, yaml } from '../../test/helpers.js';
import { loadCatalog } from './load-catalog.js';

describe('loadCatalog on valid input', () => {
  it('expands the example into seven nodes with resolved parents', () => {
    const { catalog } = load(EXAMPLE);
    expect(catalog.nodes.map((n) => n.id)).toEqual([
      'debian:13',
      'pyenv:2.5.4',
      'python:3.11.2',
      'python:3.13.5',
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
      'hello:1.0.0',
    ]);
    const flask311 = catalog.nodes.find((n) => n.id === 'flask:3.1.1-python3.11');
    expect(flask311?.parent).toEqual({ type: 'node', id: 'python:3.11.2' });
    expect(flask311?.isDefaultVariant).toBe(false);
  });

  it('applies defaults: template, context, versioning by kind, label prefix', () => {
    const { catalog } = load(EXAMPLE);
    const hello = catalog.images.find((i) => i.name === 'hello');
    expect(hello?.template).toBe('images/hello/Dockerfile.hbs');
    expect(hello?.context).toBe('images/hello/');
    expect(hello?.versioning).toBe('semver');
    expect(catalog.images[0]?.versioning).toBe('pep440');
    expect(catalog.labels.prefix).toBe('io.catalog');
  });

  it('reads each lint rule severity from lint.rules, none by default', () => {
    expect(load(EXAMPLE).catalog.lint).toEqual({ rules: {} });
    const { catalog } = load(yaml`
      registry: r.example/acme
      lint: { rules: { pip-no-cache-dir: error, apt-update-alone: off } }
      images:
        base: { kind: os, versions: { "1": {} } }
    `);
    expect(catalog.lint.rules).toEqual({ 'pip-no-cache-dir': 'error', 'apt-update-alone': 'off' });
    const hadolint = load(yaml`
      registry: r
      lint: { rules: { DL3042: error, dl4006: off } }
      images: { a: { kind: os, versions: { "1": {} } } }
    `);
    expect(hadolint.catalog.lint.rules).toEqual({ 'pip-no-cache-dir': 'error', pipefail: 'off' });
  });

  it('merges variables: catalog < image < variant < version', () => {
    const { catalog } = load(yaml`
      registry: r.example/acme
      vars: { a: global, b: global, c: global, d: global }
      images:
        base:
          kind: os
          vars: { b: image, c: image, d: image }
          versions: { "1": { d: version } }
          variants: { slim: { default: true, c: variant, d: variant } }
    `);
    expect(catalog.nodes[0]?.vars).toEqual({ a: 'global', b: 'image', c: 'variant', d: 'version' });
  });

  it('resolves a parent without a variant to the default variant', () => {
    const text = EXAMPLE.replace('from: flask:3.1.1-python3.13', 'from: flask:3.1.1');
    const hello = load(text).catalog.nodes.find((n) => n.image === 'hello');
    expect(hello?.parent).toEqual({ type: 'node', id: 'flask:3.1.1-python3.13' });
  });

  it('accepts pinned external parents and restricts variants per version', () => {
    const { catalog } = load(yaml`
      registry: r.example/acme
      images:
        base:
          kind: os
          from: docker.io/library/debian:trixie-slim
          versions:
            "13": {}
            "12": { variants: [slim] }
          variants: { slim: { default: true }, full: {} }
    `);
    // Versions are ordered by version number; variants as declared.
    expect(catalog.nodes.map((n) => n.id)).toEqual(['base:12-slim', 'base:13-slim', 'base:13-full']);
    expect(catalog.nodes[0]?.parent).toEqual({ type: 'external', ref: 'docker.io/library/debian:trixie-slim' });
  });

  it('takes the registry from the options over the file', () => {
    const { catalog } = loadCatalog(EXAMPLE, 'catalog.yaml', { registry: '127.0.0.1:5000/acme' });
    expect(catalog.registry).toBe('127.0.0.1:5000/acme');
  });
});
