import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { type CatalogSource, catalogLinks, catalogProjects } from './catalog-projects.js';
import type { PluginOptions } from './plugin-options.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const text = readFileSync(join(root, 'catalog.yaml'), 'utf8');
const templates = [
  { file: 'images/flask/Dockerfile.hbs', text: '{{> base-image}}\n{{> labels}}\n' },
  { file: 'images/_partials/labels.hbs', text: 'LABEL x\n' },
];

function source(catalogText = text, dir = ''): CatalogSource {
  return { loaded: loadCatalog(catalogText, 'catalog.yaml'), dir, file: 'catalog.yaml', templates };
}
const byName = (s: CatalogSource, options?: PluginOptions) =>
  Object.fromEntries(Object.values(catalogProjects(s, options)).map((project) => [project.name, project]));

describe('catalogProjects', () => {
  it("makes one project per node, named and rooted by core's names module", () => {
    const projects = catalogProjects(source());
    expect(Object.values(projects).map((p) => [p.name, p.root])).toEqual([
      ['debian@13', 'images/debian/13'],
      ['pyenv@2.5.4', 'images/pyenv/2.5.4'],
      ['python@3.11.2', 'images/python/3.11.2'],
      ['python@3.13.5', 'images/python/3.13.5'],
      ['flask@3.1.1-python3.13', 'images/flask/3.1.1-python3.13'],
      ['flask@3.1.1-python3.11', 'images/flask/3.1.1-python3.11'],
      ['catalog@0.1.0', 'images/catalog/0.1.0'],
      ['hello@1.0.0', 'images/hello/1.0.0'],
    ]);
  });

  it('gives render precise file inputs and the render folder as output; no test target', () => {
    const flask = byName(source())['flask@3.1.1-python3.11'];
    expect(Object.keys(flask?.targets ?? {})).toEqual([
      'image-render',
      'image-build',
      'image-push',
      'image-smoke-test',
    ]);
    const render = flask?.targets?.['image-render'];
    expect(render?.inputs).toEqual([
      '{workspaceRoot}/images/flask/Dockerfile.hbs',
      '{workspaceRoot}/images/_partials/base-image.hbs',
      '{workspaceRoot}/images/_partials/labels.hbs',
      '{workspaceRoot}/images/flask/**/*',
    ]);
    expect(render?.outputs).toEqual(['{workspaceRoot}/out/render/flask/3.1.1-python3.11']);
    expect(render?.options.command).toBe(
      'catalog render --out out/render flask:3.1.1-python3.11 --catalog catalog.yaml',
    );
    expect(flask?.targets?.['image-build']?.inputs).toContain('{workspaceRoot}/catalog.yaml');
    expect(flask?.targets?.['image-build']?.dependsOn).toEqual(['^image-build']);
    expect(flask?.targets?.['image-push']?.dependsOn).toEqual(['^image-push']);
  });

  it('names the targets after the options, and the parents they wait for too', () => {
    const options = { buildTargetName: 'docker-build', pushTargetName: 'publish', smokeTestTargetName: 'smoke' };
    const targets = byName(source(), options)['hello@1.0.0']?.targets ?? {};
    expect(Object.keys(targets)).toEqual(['image-render', 'docker-build', 'publish', 'smoke']);
    expect(targets['docker-build']?.dependsOn).toEqual(['^docker-build']);
    expect(targets.publish?.dependsOn).toEqual(['^publish']);
    expect(targets.publish?.options.command).toBe('catalog build --push hello:1.0.0 --catalog catalog.yaml');
    expect(() => catalogProjects(source(), { renderTargetName: 'image-build' })).toThrow(
      /options renderTargetName and buildTargetName \(by default\) both name the target "image-build"/,
    );
  });

  it('keys the task hash on the entries of the node and its ancestors, not on comments', () => {
    const entry = (s: CatalogSource) =>
      Object.fromEntries(
        Object.values(catalogProjects(s)).map((p) => [
          p.name,
          p.targets?.['image-render']?.options.env.CATALOG_NX_ENTRY,
        ]),
      );
    const before = entry(source());
    expect(entry(source(text.replace('# The example hierarchy', '# A sample hierarchy')))).toEqual(before);
    const after = entry(
      source(
        text.replace(
          'sha256: 2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849',
          'sha256: 0000000000000000000000000000000000000000000000000000000000000000',
        ),
      ),
    );
    const changed = Object.keys(before).filter((name) => before[name] !== after[name]);
    expect(changed).toEqual(['python@3.11.2', 'flask@3.1.1-python3.11']);
  });

  it('appends the renderInputs option and uses the command option', () => {
    const extra = { externalDependencies: ['@catalog/cli'] };
    const projects = catalogProjects(source(), { renderInputs: [extra], command: 'npx catalog' });
    const hello = Object.values(projects).find((p) => p.name === 'hello@1.0.0');
    expect(hello?.targets?.['image-render']?.inputs?.at(-1)).toEqual(extra);
    expect(hello?.targets?.['image-smoke-test']?.options.command).toBe(
      'npx catalog test hello:1.0.0 --catalog catalog.yaml',
    );
  });

  it('places projects and commands relative to a catalog in a subfolder', () => {
    const debian = byName(source(text, 'platform'))['debian@13'];
    expect(debian?.root).toBe('platform/images/debian/13');
    expect(debian?.targets?.['image-render']?.options.cwd).toBe('{workspaceRoot}/platform');
    expect(debian?.targets?.['image-render']?.outputs).toEqual(['{workspaceRoot}/platform/out/render/debian/13']);
    expect(debian?.targets?.['image-build']?.inputs).toContain('{workspaceRoot}/platform/catalog.yaml');
  });

  it('links each child to its parent inside the catalog', () => {
    expect(catalogLinks(source().loaded)).toEqual([
      { child: 'pyenv@2.5.4', parent: 'debian@13' },
      { child: 'python@3.11.2', parent: 'pyenv@2.5.4' },
      { child: 'python@3.13.5', parent: 'pyenv@2.5.4' },
      { child: 'flask@3.1.1-python3.13', parent: 'python@3.13.5' },
      { child: 'flask@3.1.1-python3.11', parent: 'python@3.11.2' },
      { child: 'catalog@0.1.0', parent: 'debian@13' },
      { child: 'hello@1.0.0', parent: 'flask@3.1.1-python3.13' },
    ]);
  });
});
