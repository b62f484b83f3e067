import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { closedPort, type FakeServer, startFakeServer } from '@catalog/registry/test/fake-server';
import { generateSigningKey } from '@catalog/runner/test/signing-key';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run } from '../../test/test-io.js';

const fixtures = fileURLToPath(new URL('../../test/fixtures/versions/', import.meta.url));
const EXAMPLE = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');
const fixture = (name: string) => readFileSync(join(fixtures, name), 'utf8');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

const key = generateSigningKey();
const stranger = generateSigningKey('Not The Archive');

/** The served indexes, by path and query; each test starts from the recorded ones. */
let served: Record<string, string | Uint8Array> = {};
function recorded(): Record<string, string | Uint8Array> {
  const sources = gzipSync(fixture('debian-Sources'));
  const release = `Origin: Debian\nSuite: stable\nCodename: trixie\nSHA256:\n ${sha256(sources)} ${sources.length} main/source/Sources.gz\n`;
  return {
    '/python/api/v2/downloads/release/?is_published=true': fixture('python-releases.json'),
    '/python/api/v2/downloads/release_file/?release=1050': fixture('python-files-1050.json'),
    '/pypi/flask/': fixture('pypi-flask.json'),
    '/debian/dists/trixie/InRelease': key.clearsign(release),
    '/debian/dists/trixie/main/source/Sources.gz': sources,
  };
}

let server: FakeServer;
let env: Record<string, string>;
beforeAll(async () => {
  server = await startFakeServer((request, response) => {
    const body = served[request.url ?? ''];
    const json = request.url?.startsWith('/pypi/') ? { 'content-type': 'application/vnd.pypi.simple.v1+json' } : {};
    response.writeHead(body === undefined ? 404 : 200, json);
    response.end(body);
  });
  env = {
    CATALOG_MIRROR_PYTHON_ORG: `http://${server.host}/python`,
    CATALOG_MIRROR_PYPI: `http://${server.host}/pypi`,
    CATALOG_DEBIAN_MIRROR: `http://${server.host}/debian`,
    CATALOG_DEBIAN_KEYRING: key.keyring,
    CATALOG_CACHE: tempDir('catalog-cache-'),
    CATALOG_PARSE_CACHE: 'off',
  };
});
afterAll(async () => {
  await server?.close();
  key.remove();
  stranger.remove();
});
beforeEach(() => {
  served = recorded();
});

/** A git repository holding the example catalog, committed: `plan --affected` compares with HEAD. */
function repository(): string {
  const dir = tempDir('catalog-versions-');
  writeFileSync(join(dir, 'catalog.yaml'), EXAMPLE);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('-c', 'user.email=t@example.com', '-c', 'user.name=t', 'commit', '-qm', 'base');
  return dir;
}

/** The lines of `after` that `before` does not have, and the reverse. */
function lineChanges(before: string, after: string) {
  const old = before.split('\n');
  const now = after.split('\n');
  return { added: now.filter((l) => !old.includes(l)), removed: old.filter((l) => !now.includes(l)) };
}

const PY_XZ = '17ba5508819d8736a14fbfc47d36e184946a877851b2e9c4b6c43acb44a3b104';

describe('catalog upstream versions', () => {
  it('lists the releases the patch policy allows, with checksums; exit 3', async () => {
    const dir = repository();
    const result = await run(['upstream', 'versions'], dir, env);
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toContain('pyenv   2.5.5 (2.5.5-1)  replaces 2.5.4  pyenv_2.5.5-1.dsc sha256:3f2a9c1d');
    expect(result.stdout).toContain(`python  3.13.6  replaces 3.13.5  Python-3.13.6.tar.xz sha256:${PY_XZ}`);
    expect(result.stdout).toContain('flask   3.1.2  replaces 3.1.1  flask-3.1.2.tar.gz sha256:bf656c15');
    expect(result.stdout).not.toMatch(/3\.14\.0rc1|3\.12\.12|3\.2\.0/);
    expect(result.stdout).toContain('3 new releases (exit 3)');
    expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(EXAMPLE);
  });

  it('--write changes only the lines of the new versions; the plan selects exactly them and their descendants', async () => {
    const dir = repository();
    const written = await run(['upstream', 'versions', '--write', '--json'], dir, env);
    expect(written.code, written.stderr).toBe(3);
    expect(JSON.parse(written.stdout)).toMatchObject({ ok: true, newReleases: true, written: 'catalog.yaml' });
    const after = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    expect(lineChanges(EXAMPLE, after)).toEqual({
      added: [
        '      "2.5.5": { source: { type: debian, package: "2.5.5-1" } }',
        '    from: pyenv:2.5.5',
        '      "3.13.6":',
        '          url: https://www.python.org/ftp/python/3.13.6/Python-3.13.6.tar.xz',
        `          sha256: ${PY_XZ}`,
        '      "3.1.2":',
        '      python3.13: { from: python:3.13.6, default: true }',
        '    from: flask:3.1.2-python3.13',
      ],
      removed: [
        '      "2.5.4": { source: { type: debian, package: "2.5.4-1" } }',
        '    from: pyenv:2.5.4',
        '      "3.13.5":',
        '          url: https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
        '          sha256: 93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
        '      "3.1.1":',
        '      python3.13: { from: python:3.13.5, default: true }',
        '    from: flask:3.1.1-python3.13',
      ],
    });
    expect(after.split('\n')).toHaveLength(EXAMPLE.split('\n').length);
    const plan = await run(['plan', '--affected', '--base', 'HEAD', '--json'], dir, env);
    expect(plan.code, plan.stderr).toBe(0);
    const ids = JSON.parse(plan.stdout).images.map((node: { id: string }) => node.id);
    // pyenv 2.5.5 is new, so everything built on it is selected; debian:13 is not.
    expect(ids.sort()).toEqual([
      'flask:3.1.2-python3.11',
      'flask:3.1.2-python3.13',
      'hello:1.0.0',
      'pyenv:2.5.5',
      'python:3.11.2',
      'python:3.13.6',
    ]);
    const again = await run(['upstream', 'versions'], dir, env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('python  up to date');
  });

  it('one image at a time (the workflow opens one pull request per image): flask only', async () => {
    const dir = repository();
    const result = await run(['upstream', 'versions', 'flask', '--write'], dir, env);
    expect(result.code, result.stderr).toBe(3);
    const after = readFileSync(join(dir, 'catalog.yaml'), 'utf8');
    expect(lineChanges(EXAMPLE, after).added).toEqual(['      "3.1.2":', '    from: flask:3.1.2-python3.13']);
    const plan = await run(['plan', '--affected', '--base', 'HEAD', '--json'], dir, env);
    const ids = JSON.parse(plan.stdout).images.map((node: { id: string }) => node.id);
    expect(ids).toEqual(['flask:3.1.2-python3.13', 'flask:3.1.2-python3.11', 'hello:1.0.0']);
    expect((await run(['upstream', 'versions', 'nosuch'], dir, env)).code).toBe(2);
    expect((await run(['upstream', 'versions', 'debian'], dir, env)).stderr).toContain('images.debian has no updates:');
  });

  describe('bad input: a clear error, exit 1, catalog.yaml untouched', () => {
    const cases: [string, () => Promise<void> | void, RegExp][] = [
      [
        'a malformed index',
        () => {
          served['/pypi/flask/'] = '{"meta": {}, "files": [{"no": 1}';
        },
        /pypi\/flask\/ is malformed: not JSON/,
      ],
      [
        'a missing checksum',
        () => {
          const files = fixture('python-files-1050.json').replace(
            /"sha256_sum": "17ba[0-9a-f]+"/,
            '"sha256_sum": null',
          );
          served['/python/api/v2/downloads/release_file/?release=1050'] = files;
        },
        /catalog\.yaml:\d+:\d+: images\.python\.versions\.3\.13\.5: the index lists no SHA-256 checksum for Python-3\.13\.6\.tar\.xz/,
      ],
      [
        'an index signed by another key',
        () => {
          served['/debian/dists/trixie/InRelease'] = stranger.clearsign('SHA256:\n');
        },
        /signature of .*\/debian\/dists\/trixie\/InRelease does not verify/,
      ],
      [
        'an unreachable source',
        async () => {
          env.CATALOG_MIRROR_PYPI = `http://127.0.0.1:${await closedPort()}/pypi`;
        },
        /cannot reach http:\/\/127\.0\.0\.1:\d+\/pypi\/flask\/: ECONNREFUSED/,
      ],
    ];
    for (const [name, breakIt, message] of cases) {
      it(name, async () => {
        const pypi = env.CATALOG_MIRROR_PYPI as string;
        await breakIt();
        try {
          const dir = repository();
          const result = await run(['upstream', 'versions', '--write'], dir, env);
          expect(result.code).toBe(1);
          expect(result.stderr).toMatch(message);
          expect(result.stderr).toContain('hint:');
          expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(EXAMPLE);
          expect(execFileSync('git', ['status', '--porcelain'], { cwd: dir }).toString()).toBe('');
        } finally {
          env.CATALOG_MIRROR_PYPI = pypi;
        }
      });
    }
  });
});
