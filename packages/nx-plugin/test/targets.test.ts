import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, git, nx, nxWorkspace, writeNxJson } from './nx-workspace.js';

// Real nx on a workspace with a TypeScript-like package next to the image projects, and nx.json's
// `targetDefaults.build` as this repository has it: the image targets keep their own names and
// settings, and the plugin options rename them.
const IMAGES = [
  'catalog@0.1.0',
  'debian@13',
  'flask@3.1.1-python3.11',
  'flask@3.1.1-python3.13',
  'hello@1.0.0',
  'pyenv@2.5.4',
  'python@3.11.2',
  'python@3.13.5',
];
const targetDefaults = {
  build: { dependsOn: ['^build'], outputs: ['{projectRoot}/dist'], cache: true },
  test: { cache: true },
};

let dir: string;
const projectsWith = (target: string) =>
  (JSON.parse(nx(dir, 'show', 'projects', `--withTarget=${target}`, '--json')) as string[]).sort();
const targetsOf = (project: string) =>
  (JSON.parse(nx(dir, 'show', 'project', project, '--json')) as { targets: Record<string, Record<string, unknown>> })
    .targets;

describe('the image targets in a workspace with other packages', () => {
  beforeAll(() => {
    buildPlugin();
    dir = nxWorkspace();
    writeFileSync(join(dir, 'package.json'), '{ "name": "images", "private": true, "workspaces": ["packages/*"] }\n');
    mkdirSync(join(dir, 'packages/lib'), { recursive: true });
    const lib = { name: 'lib', private: true, scripts: { build: 'tsc -b', test: 'vitest run' } };
    writeFileSync(join(dir, 'packages/lib/package.json'), `${JSON.stringify(lib)}\n`);
    git(dir, 'add', '.');
    git(dir, 'commit', '-qm', 'lib');
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('default to image-* targets that the packages do not have, untouched by targetDefaults.build', () => {
    writeNxJson(dir, { plugins: ['@catalog/nx-plugin'], targetDefaults });
    expect(projectsWith('build')).toEqual(['lib']);
    expect(projectsWith('image-build')).toEqual(IMAGES);
    const targets = targetsOf('hello@1.0.0');
    expect(Object.keys(targets)).toEqual(['image-render', 'image-build', 'image-push', 'image-smoke-test']);
    expect(targets['image-build']).toMatchObject({ cache: false, parallelism: false, dependsOn: ['^image-build'] });
    expect(targets['image-push']).toMatchObject({ cache: false, parallelism: false, dependsOn: ['^image-push'] });
    expect(targets['image-render']).toMatchObject({ cache: true });
  });

  it('take the names of the plugin options', () => {
    const options = { buildTargetName: 'docker-build', pushTargetName: 'docker-push' };
    writeNxJson(dir, { plugins: [{ plugin: '@catalog/nx-plugin', options }], targetDefaults });
    const targets = targetsOf('python@3.13.5');
    expect(Object.keys(targets)).toEqual(['image-render', 'docker-build', 'docker-push', 'image-smoke-test']);
    expect(targets['docker-push']?.dependsOn).toEqual(['^docker-push']);
  });

  it('fail with the option and the fix when two options name one target', () => {
    const options = { smokeTestTargetName: 'image-build' };
    writeNxJson(dir, { plugins: [{ plugin: '@catalog/nx-plugin', options }] });
    expect(() => nx(dir, 'show', 'projects')).toThrow(
      /options buildTargetName \(by default\) and smokeTestTargetName both name the target "image-build": give each target its own name/,
    );
  });
});
