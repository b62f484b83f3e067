import { describe, expect, it } from 'vitest';
import {
  parseDebianPackageIndex,
  parsePep503Html,
  parsePep691,
  parsePythonOrgFiles,
  parsePythonOrgReleases,
} from './index-formats.js';

const SHA = (c: string) => c.repeat(64);

describe('the index formats', () => {
  it("python.org's release index and release files", () => {
    const list = JSON.stringify([
      {
        name: 'Python 3.13.6',
        pre_release: false,
        is_published: true,
        resource_uri: 'https://p.test/api/v2/downloads/release/1050/',
      },
      {
        name: 'Python 3.14.0rc1',
        pre_release: true,
        is_published: true,
        resource_uri: 'https://p.test/api/v2/downloads/release/1049/',
      },
      {
        name: 'Python install manager 25.0',
        pre_release: false,
        is_published: true,
        resource_uri: 'https://p.test/r/1/',
      },
    ]);
    expect(parsePythonOrgReleases(list)).toEqual({
      ok: [
        { version: '3.13.6', label: '3.13.6', prerelease: false, files: [], handle: '1050' },
        { version: '3.14.0rc1', label: '3.14.0rc1', prerelease: true, files: [], handle: '1049' },
      ],
    });
    const files = JSON.stringify([
      { url: 'https://p.test/ftp/python/3.13.6/Python-3.13.6.tar.xz', sha256_sum: SHA('d') },
      { url: 'https://p.test/ftp/python/3.13.6/Python-3.13.6.tgz', sha256_sum: null },
    ]);
    expect(parsePythonOrgFiles(files)).toEqual({ ok: [{ name: 'Python-3.13.6.tar.xz', sha256: SHA('d') }] });
    expect(parsePythonOrgReleases('{ nope')).toMatchObject({ problem: expect.stringContaining('not JSON') });
    expect(parsePythonOrgReleases('{}')).toEqual({ problem: 'not a list of releases' });
  });

  it('PEP 691 JSON pages: versions from file names, yanked files left out, sha256 per file', () => {
    const page = JSON.stringify({
      meta: { 'api-version': '1.1' },
      name: 'flask',
      files: [
        { filename: 'flask-3.1.2-py3-none-any.whl', hashes: { sha256: SHA('1') } },
        { filename: 'flask-3.1.2.tar.gz', hashes: { sha256: SHA('2') } },
        { filename: 'flask-3.2.0.tar.gz', hashes: {} },
        { filename: 'Flask-0.1.tar.gz', hashes: { sha256: SHA('3') }, yanked: 'broken' },
      ],
    });
    expect(parsePep691(page, 'Flask')).toEqual({
      ok: [
        {
          version: '3.1.2',
          label: '3.1.2',
          prerelease: false,
          files: [
            { name: 'flask-3.1.2-py3-none-any.whl', sha256: SHA('1') },
            { name: 'flask-3.1.2.tar.gz', sha256: SHA('2') },
          ],
        },
        { version: '3.2.0', label: '3.2.0', prerelease: false, files: [] },
      ],
    });
    expect(parsePep691('{"files": []}', 'flask')).toMatchObject({ problem: expect.stringContaining('PEP 691') });
  });

  it('PEP 503 HTML pages (mirrors without PEP 691, the offline mirror): sha256 from the links', () => {
    const html = `<!DOCTYPE html><html><body><h1>Links for flask</h1>
<a href="../../wheels/flask-3.1.2-py3-none-any.whl#sha256=${SHA('a')}" data-requires-python="&gt;=3.9">flask-3.1.2-py3-none-any.whl</a><br>
<a href="flask-3.1.3.tar.gz#sha256=${SHA('b')}" data-yanked="">flask-3.1.3.tar.gz</a><br>
<a href="flask-3.1.4.tar.gz">flask-3.1.4.tar.gz</a><br>
</body></html>`;
    expect(parsePep503Html(html, 'flask')).toEqual({
      ok: [
        {
          version: '3.1.2',
          label: '3.1.2',
          prerelease: false,
          files: [{ name: 'flask-3.1.2-py3-none-any.whl', sha256: SHA('a') }],
        },
        { version: '3.1.4', label: '3.1.4', prerelease: false, files: [] },
      ],
    });
    expect(parsePep503Html('{}', 'flask')).toMatchObject({ problem: expect.stringContaining('PEP 503') });
  });

  it('Debian Sources and Packages', () => {
    const sources = `Package: pyenv\nVersion: 2.5.5-1\nChecksums-Sha256:\n ${SHA('e')} 1234 pyenv_2.5.5-1.dsc\n ${SHA('f')} 99 pyenv_2.5.5.orig.tar.gz\nDirectory: pool/main/p/pyenv\n\nPackage: other\nVersion: 9-1\n`;
    expect(parseDebianPackageIndex(sources, 'pyenv', 'sources')).toEqual({
      ok: [
        {
          version: '2.5.5',
          label: '2.5.5-1',
          prerelease: false,
          files: [
            { name: 'pyenv_2.5.5-1.dsc', sha256: SHA('e') },
            { name: 'pyenv_2.5.5.orig.tar.gz', sha256: SHA('f') },
          ],
        },
      ],
    });
    const packages = `Package: pyenv\nVersion: 2.5.5-1\nFilename: pool/main/p/pyenv/pyenv_2.5.5-1_all.deb\nSHA256: ${SHA('0')}\n`;
    expect(parseDebianPackageIndex(packages, 'pyenv', 'packages')).toMatchObject({
      ok: [{ files: [{ name: 'pyenv_2.5.5-1_all.deb', sha256: SHA('0') }] }],
    });
    expect(parseDebianPackageIndex('<html>', 'pyenv', 'sources')).toEqual({ problem: 'not a Debian Sources index' });
  });
});
