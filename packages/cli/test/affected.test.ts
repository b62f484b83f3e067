import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import { run } from './test-io.js';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * A git repository holding the example catalog and its images, committed on main; the catalog in
 * `folder` of the repository when given.
 */
function exampleRepository(folder = ''): string {
  const dir = tempDir('catalog-affected-');
  cpSync(join(repo, 'catalog.yaml'), join(dir, folder, 'catalog.yaml'));
  cpSync(join(repo, 'images'), join(dir, folder, 'images'), { recursive: true });
  writeFileSync(join(dir, 'README.md'), 'outside the catalog folder\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  git('checkout', '-qb', 'change');
  return dir;
}

interface PlanJson {
  images: { id: string; reason: string }[];
  deleted?: { id: string; tags: string[] }[];
}

describe('catalog plan --affected (against git)', () => {
  let dir: string;
  beforeEach(() => {
    dir = exampleRepository();
  });
  const plan = async (...args: string[]): Promise<PlanJson> => {
    const result = await run(['plan', '--affected', '--json', ...args], dir);
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout);
  };

  it('an edit under images/flask/ plans the Flask variants and hello, each with its reason', async () => {
    writeFileSync(
      join(dir, 'images/flask/Dockerfile.hbs'),
      `${readFileSync(join(dir, 'images/flask/Dockerfile.hbs'), 'utf8')}# edit\n`,
    );
    expect((await plan()).images.map((i) => [i.id, i.reason])).toEqual([
      ['flask:3.1.1-python3.13', 'images/flask/Dockerfile.hbs'],
      ['flask:3.1.1-python3.11', 'images/flask/Dockerfile.hbs'],
      ['hello:1.0.0', 'parent flask:3.1.1-python3.13'],
    ]);
  });

  it('untracked files count, and a comment in catalog.yaml plans nothing', async () => {
    writeFileSync(join(dir, 'images/hello/extra.txt'), 'new\n');
    const text = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    writeFileSync(join(dir, 'catalog.yaml'), text.replace('# The example hierarchy', '# The sample hierarchy'));
    expect((await plan()).images.map((i) => i.id)).toEqual(['hello:1.0.0']);
  });

  it('a removed version is reported with the tags to retire, and --files bypasses git', async () => {
    const text = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    const removed = text.replace('      python3.11: { from: python:3.11.2 }\n', '');
    expect(removed).not.toBe(text);
    writeFileSync(join(dir, 'catalog.yaml'), removed);
    const result = await plan();
    expect(result.images).toEqual([]);
    expect(result.deleted).toEqual([
      { id: 'flask:3.1.1-python3.11', tags: ['3.1.1-python3.11', '3.1-python3.11', '3-python3.11'] },
    ]);
    const files = await run(['plan', '--files', 'images/hello/app.py', '--json'], dir);
    expect(JSON.parse(files.stdout).images.map((i: { id: string }) => i.id)).toEqual(['hello:1.0.0']);
  });

  it('names a base that is not a commit, even one that is a file name', async () => {
    for (const base of ['nosuch', 'catalog.yaml']) {
      const result = await run(['plan', '--affected', '--base', base, '--head', 'HEAD'], dir);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`unknown base "${base}"`);
    }
  });

  it('fails clearly outside a git repository', async () => {
    rmSync(join(dir, '.git'), { recursive: true });
    const result = await run(['plan', '--affected'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is not in a git repository');
  });
});

describe('catalog plan --affected with the catalog in a folder of the repository', () => {
  it('maps paths relative to that folder, ignores files outside it and reads the base catalog there', async () => {
    const top = exampleRepository('platform');
    const dir = join(top, 'platform');
    writeFileSync(join(top, 'README.md'), 'changed\n');
    writeFileSync(join(top, 'images.txt'), 'untracked, outside\n');
    const text = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    const edited = text.replace(
      '      python3.11: { from: python:3.11.2 }\n',
      '      python3.11: { from: python:3.11.2, extra: 1 }\n',
    );
    expect(edited).not.toBe(text);
    writeFileSync(join(dir, 'catalog.yaml'), edited);
    writeFileSync(join(dir, 'images/hello/extra.txt'), 'new\n');
    const result = await run(['plan', '--affected', '--json'], dir);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).images.map((i: { id: string; reason: string }) => [i.id, i.reason])).toEqual([
      ['flask:3.1.1-python3.11', 'images.flask.variants.python3.11'],
      ['hello:1.0.0', 'images/hello/extra.txt'],
    ]);
  });
});
