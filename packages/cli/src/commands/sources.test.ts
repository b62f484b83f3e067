import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');
const exampleDir = workspace({ 'catalog.yaml': example });
/** A fixed security archive, so that the machine's apt sources do not matter. */
// The example's security archive is its `debianSecurity` mirror (CATALOG_MIRROR_DEBIAN_SECURITY); the
// default one (without a catalog mirror, what tools/base-rootfs.sh reads) is CATALOG_DEBIAN_SECURITY_MIRROR.
const ENV = {
  CATALOG_DEBIAN_SECURITY_MIRROR: 'http://security.test/debian-security/',
  CATALOG_MIRROR_DEBIAN_SECURITY: 'http://check.test/debian-security/',
  CATALOG_PARSE_CACHE: 'off',
};

describe('catalog sources', () => {
  it('lists the example catalog as JSON: sources, requirements, mirrors and the security archive', async () => {
    const env = { ...ENV, CATALOG_MIRROR_PYPI: 'http://127.0.0.1:8765/simple' };
    const result = await run(['sources', '--json'], exampleDir, env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(result.stdout);
    const byId = Object.fromEntries(json.nodes.map((node: { id: string }) => [node.id, node]));
    expect(json.catalog).toBe('catalog.yaml');
    expect(json.nodes).toHaveLength(8);
    expect(byId['python:3.13.5'].sources).toEqual([
      expect.objectContaining({
        type: null,
        url: 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
        sha256: '93e583f243454e6e9e4588ca2c2662206ad961659863277afcdb96801647d640',
        file: 'Python-3.13.5.tar.xz',
      }),
    ]);
    expect(byId['pyenv:2.5.4'].sources[0]).toMatchObject({ type: 'debian', fields: { package: '2.5.4-1' } });
    expect(byId['flask:3.1.1-python3.11']).toMatchObject({ version: '3.1.1', variant: 'python3.11' });
    expect(byId['flask:3.1.1-python3.11'].requirements).toContainEqual(
      expect.objectContaining({ name: 'werkzeug', version: '3.1.3', specifier: '==3.1.3' }),
    );
    expect(json.mirrors).toContainEqual({
      name: 'pypi',
      buildArg: 'MIRROR_PYPI',
      variable: 'CATALOG_MIRROR_PYPI',
      default: 'https://pypi.org/simple',
      value: 'http://127.0.0.1:8765/simple',
      overridden: true,
      from: 'environment',
    });
    const archive = { url: 'http://security.test/debian-security', from: 'environment' };
    const keyring = {
      path: '/usr/share/keyrings/debian-archive-keyring.gpg',
      variable: 'CATALOG_DEBIAN_KEYRING',
      from: 'default',
    };
    expect(json.security.default).toEqual({ variable: 'CATALOG_DEBIAN_SECURITY_MIRROR', ...archive, keyring });
    expect(json.security.archives).toEqual([
      expect.objectContaining({
        suite: 'trixie-security',
        image: 'debian',
        mirror: 'debianSecurity',
        url: 'http://check.test/debian-security',
        from: 'environment',
        variable: 'CATALOG_MIRROR_DEBIAN_SECURITY',
        keyring: { ...keyring, variable: 'CATALOG_KEYRING_DEBIAN_SECURITY' },
      }),
    ]);
  });

  it('reads the mirrors from .catalog/local.env next to the catalog; the environment wins', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, '.catalog'));
    writeFileSync(
      join(dir, '.catalog', 'local.env'),
      'export CATALOG_MIRROR_PYTHON_BUILD=http://127.0.0.1:8765/python-build\nexport CATALOG_MIRROR_PYPI=http://127.0.0.1:8765/simple\n',
    );
    const env = { ...ENV, CATALOG_MIRROR_PYPI: 'http://mirror.test/simple' };
    const table = await run(['sources'], dir, env);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    expect(table.stdout).toMatch(
      /^pythonBuild\s+CATALOG_MIRROR_PYTHON_BUILD\s+http:\/\/127\.0\.0\.1:8765\/python-build \(set by CATALOG_MIRROR_PYTHON_BUILD in \.catalog\/local\.env\)$/m,
    );
    expect(table.stdout).toMatch(
      /^pypi\s+CATALOG_MIRROR_PYPI\s+http:\/\/mirror\.test\/simple \(set by CATALOG_MIRROR_PYPI\)$/m,
    );
    const json = JSON.parse(
      (await run(['sources', '--json', '--catalog', join(dir, 'catalog.yaml')], exampleDir, ENV)).stdout,
    );
    expect(json.mirrors).toContainEqual(
      expect.objectContaining({
        name: 'pypi',
        value: 'http://127.0.0.1:8765/simple',
        from: join(dir, '.catalog', 'local.env'),
      }),
    );
  });

  it('reports a malformed local settings file with its position', async () => {
    const dir = workspace({ 'catalog.yaml': example });
    mkdirSync(join(dir, '.catalog'));
    writeFileSync(join(dir, '.catalog', 'local.env'), 'CATALOG_MIRROR_PYPI=x\nPATH=/bin\n');
    const result = await run(['plan'], dir, ENV);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('.catalog/local.env:2:1: PATH: only CATALOG_* settings belong here');
  });

  it('prints a table of the selected nodes, then the mirrors and the security suites', async () => {
    const result = await run(['sources', 'python', 'flask:3.1.1-python3.13', '--ancestors'], exampleDir, ENV);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NODE\s+TYPE\s+SOURCE\s+PIN$/);
    expect(lines).toContainEqual(expect.stringMatching(/^pyenv:2\.5\.4\s+debian\s+package="2\.5\.4-1"$/));
    expect(lines).toContainEqual(
      expect.stringMatching(/^python:3\.11\.2\s+url\s+https:\S+\/Python-3\.11\.2\.tgz\s+sha256:2411c74bda5b…$/),
    );
    expect(lines).toContainEqual(expect.stringMatching(/^flask:3\.1\.1-python3\.13\s+pip\s+markupsafe\s+==2\.1\.5$/));
    expect(result.stdout).not.toContain('python3.11  pip');
    expect(lines).toContain('no sources: debian:13');
    expect(lines).toContainEqual(expect.stringMatching(/^pythonBuild\s+CATALOG_MIRROR_PYTHON_BUILD\s+\(empty/));
    expect(lines.at(-1)).toMatch(
      /^trixie-security\s+debian\s+5\s+http:\/\/check\.test\/debian-security \(from CATALOG_MIRROR_DEBIAN_SECURITY\), signed by \/usr\/share\/keyrings\/debian-archive-keyring\.gpg \(CATALOG_KEYRING_DEBIAN_SECURITY\)$/,
    );
  });

  it('reads the security archive from the catalog mirror securityUpdates names, and its override', async () => {
    const dir = workspace({
      'catalog.yaml': `registry: localhost:5000/acme
mirrors: { security: https://mirror.test/security }
images:
  os:
    kind: os
    securityUpdates: { suite: bookworm-security, mirror: security }
    versions: { "12": {} }
`,
    });
    const fromCatalog = JSON.parse((await run(['sources', '--json'], dir, ENV)).stdout).security.archives[0];
    expect(fromCatalog).toMatchObject({
      mirror: 'security',
      variable: 'CATALOG_MIRROR_SECURITY',
      url: 'https://mirror.test/security',
      from: 'catalog',
    });
    const env = { ...ENV, CATALOG_MIRROR_SECURITY: 'http://local.test/sec' };
    const overridden = JSON.parse((await run(['sources', '--json'], dir, env)).stdout).security.archives[0];
    expect(overridden).toMatchObject({ url: 'http://local.test/sec', from: 'environment' });
  });

  it('fails on a download without its sha256, with the position and the fix (exit 1)', async () => {
    const dir = workspace({
      'catalog.yaml': `registry: localhost:5000/acme
images:
  os:
    kind: os
    versions:
      "1": { source: { url: https://example.org/os.tar.gz } }
`,
    });
    const result = await run(['sources'], dir, ENV);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'catalog.yaml:6:22: images.os.versions.1.source: the source https://example.org/os.tar.gz has no "sha256"',
    );
    expect(result.stderr).toContain('add sha256:');
    const json = await run(['sources', '--json'], dir, ENV);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid-source', path: ['images', 'os', 'versions', '1', 'source'] }],
    });
  });

  it('rejects an unknown selector as a wrong command line (exit 2)', async () => {
    const result = await run(['sources', 'pyhton'], exampleDir, ENV);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no node matches "pyhton"');
  });
});
