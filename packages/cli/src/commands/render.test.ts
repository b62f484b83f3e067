import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

/** A catalog whose one image has its template at the top and the given build context. */
function catalogWith(context: string): string {
  const dir = workspace({
    'catalog.yaml': [
      'registry: r.example/acme',
      'images:',
      '  base:',
      '    kind: os',
      `    context: ${context}`,
      '    template: Dockerfile.hbs',
      '    versions: { "1.0.0": {} }',
      '',
    ].join('\n'),
    'Dockerfile.hbs': 'FROM scratch\nCOPY app.txt /app.txt\n',
    'app.txt': 'hello\n',
  });
  mkdirSync(join(dir, 'images/base'), { recursive: true });
  writeFileSync(join(dir, 'images/base/app.txt'), 'hello\n');
  return dir;
}

describe('catalog render and lint with a build context that holds the output folder', () => {
  for (const context of ['./', '.']) {
    it(`render copies context ${JSON.stringify(context)} without the output folder, again and again`, async () => {
      const dir = catalogWith(context);
      for (const round of [1, 2]) {
        const result = await run(['render'], dir);
        expect({ round, stderr: result.stderr, code: result.code }).toEqual({ round, stderr: '', code: 0 });
      }
      const rendered = join(dir, 'out/render/base/1.0.0');
      expect(readdirSync(rendered).sort()).toEqual(['Dockerfile', 'app.txt', 'build.json', 'catalog.yaml', 'images']);
    });

    it(`lint renders context ${JSON.stringify(context)} and lints it`, async () => {
      const dir = catalogWith(context);
      const result = await run(['lint', '--format', 'json'], dir);
      expect(result.stderr).toBe('');
      expect(JSON.parse(result.stdout).findings.length).toBeGreaterThan(0);
      expect(existsSync(join(dir, 'out/render/base/1.0.0/out'))).toBe(false);
    });
  }

  it('leaves machine-local settings (.catalog/) and the workspace folder (out/) out of a context', async () => {
    const dir = catalogWith('./');
    mkdirSync(join(dir, '.catalog'));
    writeFileSync(join(dir, '.catalog/local.env'), 'CATALOG_REGISTRY=r.example/private\n');
    mkdirSync(join(dir, 'out/logs'), { recursive: true });
    writeFileSync(join(dir, 'out/logs/old.log'), 'x\n');
    const result = await run(['render', '--out', 'elsewhere'], dir);
    expect(result.stderr).toBe('');
    expect(readdirSync(join(dir, 'elsewhere/base/1.0.0')).sort()).toEqual([
      'Dockerfile',
      'app.txt',
      'build.json',
      'catalog.yaml',
      'images',
    ]);
  });

  it('--out inside the context: the output is left out of the copy', async () => {
    const dir = catalogWith('images/base/');
    for (const round of [1, 2]) {
      const result = await run(['render', '--out', 'images/base/gen'], dir);
      expect({ round, stderr: result.stderr, code: result.code }).toEqual({ round, stderr: '', code: 0 });
    }
    expect(readdirSync(join(dir, 'images/base/gen/base/1.0.0')).sort()).toEqual([
      'Dockerfile',
      'app.txt',
      'build.json',
    ]);
  });

  it('--out that would replace the build context is an error naming both, and deletes nothing', async () => {
    const dir = catalogWith('images/base/1.0.0/');
    mkdirSync(join(dir, 'images/base/1.0.0'));
    writeFileSync(join(dir, 'images/base/1.0.0/app.txt'), 'hello\n');
    const result = await run(['render', '--out', 'images'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^catalog\.yaml:5:14: images\.base\.context: the output folder .*images holds the build context "images\/base\/1\.0\.0\/" of base:1\.0\.0: .*\(.*--out.*\)\n/,
    );
    expect(existsSync(join(dir, 'images/base/1.0.0/app.txt'))).toBe(true);
    // Once per image, not once per node of it.
    const catalog = join(dir, 'catalog.yaml');
    writeFileSync(catalog, readFileSync(catalog, 'utf8').replace('"1.0.0": {}', '"1.0.0": {}, "2.0.0": {}'));
    const two = await run(['render', '--out', 'images'], dir);
    expect(two.stderr.trimEnd().split('\n').at(-1)).toBe('1 error in catalog.yaml');
  });
});
