import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin, catalogAffected, git, nx, nxAffected, nxWorkspace } from './nx-workspace.js';

// Real nx (no daemon, no cloud) on a temporary git repository: each edit is committed on its own
// branch from main, and both tools compare main with it.
const ALL = [
  'catalog@0.1.0',
  'debian@13',
  'flask@3.1.1-python3.11',
  'flask@3.1.1-python3.13',
  'hello@1.0.0',
  'pyenv@2.5.4',
  'python@3.11.2',
  'python@3.13.5',
];

let dir: string;

/** Commits an edit of one file on a new branch from main and returns both tools' answers. */
async function afterEdit(branch: string, file: string, edit: (text: string) => string) {
  git(dir, 'checkout', '-q', '-b', branch, 'main');
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = edit(before);
  expect(after, 'the edit changes the file').not.toBe(before);
  writeFileSync(path, after);
  git(dir, 'commit', '-qam', branch);
  const answers = { nx: nxAffected(dir, 'main', 'HEAD'), catalog: await catalogAffected(dir, 'main', 'HEAD') };
  git(dir, 'checkout', '-q', 'main');
  return answers;
}

describe('nx show projects --affected and catalog plan --affected', () => {
  beforeAll(() => {
    buildPlugin();
    dir = nxWorkspace();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('agree on a template edit: the Flask variants and hello', async () => {
    const answers = await afterEdit('template', 'images/flask/Dockerfile.hbs', (t) => `${t}# edit\n`);
    expect(answers.catalog).toEqual(['flask@3.1.1-python3.11', 'flask@3.1.1-python3.13', 'hello@1.0.0']);
    expect(answers.nx).toEqual(answers.catalog);
  });

  it('agree on a build-context file and on a shared partial', async () => {
    const context = await afterEdit('context', 'images/hello/app.py', (t) => `${t}# edit\n`);
    expect(context.catalog).toEqual(['hello@1.0.0']);
    expect(context.nx).toEqual(context.catalog);
    const partial = await afterEdit('partial', 'images/_partials/apt-install.hbs', (t) => `${t}{{!-- edit --}}\n`);
    expect(partial.nx).toEqual(partial.catalog);
  });

  it('agree on a global key: every node', async () => {
    const answers = await afterEdit('global', 'catalog.yaml', (t) =>
      t.replace('licenses: Apache-2.0', 'licenses: MIT'),
    );
    expect(answers.catalog).toEqual(ALL);
    expect(answers.nx).toEqual(ALL);
  });

  it('differ on one version entry: nx, which compares files, selects every node (a superset)', async () => {
    const answers = await afterEdit('version', 'catalog.yaml', (t) =>
      t.replace(/sha256: 2411c74b[0-9a-f]+/, `sha256: ${'0'.repeat(64)}`),
    );
    expect(answers.catalog).toEqual(['flask@3.1.1-python3.11', 'python@3.11.2']);
    expect(answers.nx).toEqual(ALL);
  });

  it('differ on a comment: catalog selects nothing, nx every node', async () => {
    const answers = await afterEdit('comment', 'catalog.yaml', (t) =>
      t.replace('# The example hierarchy', '# The sample hierarchy'),
    );
    expect(answers.catalog).toEqual([]);
    expect(answers.nx).toEqual(ALL);
  });

  it('nx graph shows the image projects with their parent links', () => {
    nx(dir, 'graph', '--file=graph.json');
    const { graph } = JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as {
      graph: { nodes: Record<string, unknown>; dependencies: Record<string, { target: string }[]> };
    };
    expect(Object.keys(graph.nodes).sort()).toEqual(ALL);
    expect(graph.dependencies['hello@1.0.0']?.map((d) => d.target)).toEqual(['flask@3.1.1-python3.13']);
    expect(graph.dependencies['python@3.13.5']?.map((d) => d.target)).toEqual(['pyenv@2.5.4']);
    expect(graph.dependencies['debian@13']).toEqual([]);
  });
});
