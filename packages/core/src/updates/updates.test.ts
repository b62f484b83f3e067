import { describe, expect, it } from 'vitest';
import { errorsOf, load, yaml } from '../../test/helpers.js';
import { imageSpec, type UpdatesSpec } from '../catalog/model.js';
import { type ProposedVersion, proposeVersion } from './entry-update.js';
import { debianUpstreamVersion, selectCandidates, type UpstreamRelease } from './releases.js';
import { writeVersions } from './write-versions.js';

const SHA = (c: string) => c.repeat(64);

const CATALOG = yaml`
  # The catalog: comments stay where they are.
  registry: r.test/acme
  mirrors: { pythonOrg: https://www.python.org, pypi: "" }
  images:
    os:
      kind: os
      versions: { "13": {} }
    pyenv:
      kind: runtime
      from: os:13
      updates: { source: debian, project: pyenv, suite: trixie }
      versions:
        # pyenv from Debian
        "2.5.4": { source: { type: debian, package: "2.5.4-1" } }   # its Debian version
    python:
      kind: runtime
      from: pyenv:2.5.4
      updates: { source: cpython, mirror: pythonOrg }
      versions:
        "3.11.2":
          source:
            url: https://www.python.org/ftp/python/3.11.2/Python-3.11.2.tgz
            sha256: ${SHA('a')}
        "3.13.5":
          source:
            url: https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz   # xz, not tgz
            sha256: ${SHA('b')}
    flask:
      kind: framework
      updates: { source: pypi, project: Flask, mirror: pypi, keep: true }
      versions:
        "3.1.1":
          requirements: [click==8.1.8,   werkzeug==3.1.3]
      variants:
        python3.13: { from: python:3.13.5, default: true }
        python3.11: { from: "python:3.11.2" }
    app:
      kind: app
      from: flask:3.1.1-python3.13
      versions: { "1.0.0": {} }
`;
const loaded = load(CATALOG);
const spec = (name: string): UpdatesSpec => imageSpec(loaded.catalog, name).updates as UpdatesSpec;
const release = (
  version: string,
  files: UpstreamRelease['files'] = [{ name: `x-${version}.tar.gz`, sha256: SHA('c') }],
): UpstreamRelease => ({
  version,
  label: version,
  prerelease: /[a-z]/.test(version),
  files,
});

describe('the release policy', () => {
  const python = imageSpec(loaded.catalog, 'python');
  const releases = ['3.13.6', '3.13.4', '3.14.0rc1', '3.12.12', '3.11.2', '3.11.13', '4.0.0'].map((v) => release(v));

  it('patch: the newest newer release of each major.minor the image has; no pre-release, no new line', () => {
    const found = selectCandidates(python, spec('python'), releases);
    expect(found.map((c) => [c.supersedes, c.release.version])).toEqual([
      ['3.11.2', '3.11.13'],
      ['3.13.5', '3.13.6'],
    ]);
  });

  it('minor: the newest of each major; pre-releases only when asked', () => {
    const minor = { ...spec('python'), policy: 'minor' as const };
    expect(selectCandidates(python, minor, releases).map((c) => c.release.version)).toEqual(['3.13.6']);
    const pre = { ...minor, prereleases: true };
    expect(selectCandidates(python, pre, releases).map((c) => c.release.version)).toEqual(['3.14.0rc1']);
  });

  it('a release the image has, or an older one, is never proposed', () => {
    expect(selectCandidates(python, spec('python'), [release('3.13.5'), release('3.13.1')])).toEqual([]);
  });

  it('Debian versions become catalog versions', () => {
    expect(debianUpstreamVersion('1:2.5.5-1+b1')).toBe('2.5.5');
    expect(debianUpstreamVersion('3.14.0~rc1-1')).toBe('3.14.0rc1');
    expect(debianUpstreamVersion('2.1.3+dfsg-2')).toBe('2.1.3');
  });
});

function proposal(image: string, version: string, files: UpstreamRelease['files'], label = version): ProposedVersion {
  const spec_ = spec(image);
  const [candidate] = selectCandidates(imageSpec(loaded.catalog, image), spec_, [
    { ...release(version, files), label },
  ]);
  if (!candidate) throw new Error(`no candidate ${version}`);
  const proposed = proposeVersion(imageSpec(loaded.catalog, image), spec_, candidate);
  if ('problem' in proposed) throw new Error(proposed.problem);
  return proposed.ok;
}

describe('writing the proposals into catalog.yaml', () => {
  const python = proposal('python', '3.13.6', [{ name: 'Python-3.13.6.tar.xz', sha256: SHA('d') }]);
  const pyenv = proposal('pyenv', '2.5.5', [{ name: 'pyenv_2.5.5-1.dsc', sha256: SHA('8') }], '2.5.5-1');
  const flask = proposal('flask', '3.1.2', [{ name: 'flask-3.1.2.tar.gz', sha256: SHA('7') }]);

  it('the entry gets the new URL and the checksum of that file; a Debian version the new one', () => {
    expect(python.edits).toEqual([
      {
        path: ['source', 'url'],
        from: expect.stringContaining('3.13.5'),
        to: 'https://www.python.org/ftp/python/3.13.6/Python-3.13.6.tar.xz',
      },
      { path: ['source', 'sha256'], from: SHA('b'), to: SHA('d') },
    ]);
    expect(python.checksum).toEqual({ name: 'Python-3.13.6.tar.xz', sha256: SHA('d') });
    expect(pyenv.edits).toEqual([{ path: ['source', 'package'], from: '2.5.4-1', to: '2.5.5-1' }]);
    expect(flask.edits).toEqual([]);
  });

  it('a file the entry pins without a checksum in the index is a problem, not a guess', () => {
    const [candidate] = selectCandidates(imageSpec(loaded.catalog, 'python'), spec('python'), [
      release('3.13.6', [{ name: 'Python-3.13.6.tgz', sha256: SHA('1') }]),
    ]);
    const result = proposeVersion(imageSpec(loaded.catalog, 'python'), spec('python'), candidate as never);
    expect(result).toMatchObject({ problem: expect.stringContaining('no SHA-256 checksum for Python-3.13.6.tar.xz') });
    const none = proposeVersion(imageSpec(loaded.catalog, 'flask'), spec('flask'), {
      image: 'flask',
      supersedes: '3.1.1',
      release: release('3.1.2', []),
    });
    expect(none).toMatchObject({ problem: expect.stringContaining('no SHA-256 checksum for flask 3.1.2') });
  });

  it('replaces and adds in place: only the changed lines differ, comments and formatting stay byte for byte', () => {
    const written = writeVersions(CATALOG, [pyenv, python, flask]);
    const before = CATALOG.split('\n');
    const after = written.split('\n');
    const changed = after.filter((line) => !before.includes(line));
    expect(changed).toEqual([
      '      "2.5.5": { source: { type: debian, package: "2.5.5-1" } }   # its Debian version',
      '    from: pyenv:2.5.5',
      '      "3.13.6":',
      '          url: https://www.python.org/ftp/python/3.13.6/Python-3.13.6.tar.xz   # xz, not tgz',
      `          sha256: ${SHA('d')}`,
      '      "3.1.2":',
      '      python3.13: { from: python:3.13.6, default: true }',
    ]);
    expect(before.filter((line) => !after.includes(line))).toEqual([
      '      "2.5.4": { source: { type: debian, package: "2.5.4-1" } }   # its Debian version',
      '    from: pyenv:2.5.4',
      '      "3.13.5":',
      '          url: https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz   # xz, not tgz',
      `          sha256: ${SHA('b')}`,
      '      python3.13: { from: python:3.13.5, default: true }',
    ]);
    expect(after.length).toBe(before.length + 2);
    // flask keeps 3.1.1 and gets 3.1.2 beside it, a copy of its entry
    expect(written).toContain(
      '      "3.1.1":\n        requirements: [click==8.1.8,   werkzeug==3.1.3]\n      "3.1.2":\n        requirements: [click==8.1.8,   werkzeug==3.1.3]\n',
    );
    const reloaded = load(written);
    expect(reloaded.catalog.nodes.map((n) => n.id)).toEqual([
      'os:13',
      'pyenv:2.5.5',
      'python:3.11.2',
      'python:3.13.6',
      'flask:3.1.1-python3.13',
      'flask:3.1.1-python3.11',
      'flask:3.1.2-python3.13',
      'flask:3.1.2-python3.11',
      'app:1.0.0',
    ]);
  });

  it('adds beside an entry of a flow mapping', () => {
    const text = yaml`
      registry: r.test/a
      images:
        os:
          kind: os
          updates: { source: oci, project: r.test/base, keep: true }
          versions: { "1.2.0": { from: "r.test/base:1.2.0" } }
    `;
    const os = imageSpec(load(text).catalog, 'os');
    const updates = os.updates as UpdatesSpec;
    const [candidate] = selectCandidates(os, updates, [release('1.2.1', [{ name: '1.2.1', sha256: SHA('5') }])]);
    const proposed = proposeVersion(os, updates, candidate as never);
    if ('problem' in proposed) throw new Error(proposed.problem);
    expect(writeVersions(text, [proposed.ok])).toContain(
      'versions: { "1.2.0": { from: "r.test/base:1.2.0" }, "1.2.1": { from: "r.test/base:1.2.1" } }',
    );
  });
});

describe('checking updates: in the catalog', () => {
  it('a field the source needs, and an unknown mirror, are errors at their position', () => {
    const errors = errorsOf(yaml`
      registry: r.test/a
      mirrors: { pypi: "" }
      images:
        os:
          kind: os
          updates: { source: pypi, mirror: pipy }
          versions: { "1": {} }
        rt:
          kind: runtime
          from: os:1
          updates: { source: debian, project: x }
          versions: { "1": {} }
    `);
    expect(errors).toEqual([
      expect.stringMatching(/^catalog.yaml:6:\d+: images.os.updates: updates from pypi need "project" \(add project:/),
      expect.stringMatching(
        /^catalog.yaml:6:\d+: images.os.updates.mirror: no mirror "pipy" under mirrors: .*name one of: pypi/,
      ),
      expect.stringMatching(/^catalog.yaml:11:\d+: images.rt.updates: updates from debian need "suite"/),
    ]);
  });
});
