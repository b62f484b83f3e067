import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { debianFamily } from '../os/debian/family.js';
import { attestedSboms, checkProvenance, sbomPassed } from './attestation-checks.js';
import { CATALOG_BUILD_TYPE, CYCLONEDX_PREDICATE_TYPE, provenanceStatement, SLSA_PROVENANCE_V1 } from './provenance.js';
import { cyclonedxSbom, sbomOsPackages, sbomPackageCount } from './sbom.js';
import { publicKeyFile, resolveSigning } from './signing.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const RECORDED = [
  'deb openssl 3.5.1-1 amd64',
  'deb libc6 2.41-12 amd64',
  'deb tzdata 2025b-4 all',
  'deb python3-pkg 1:2.0-1 amd64',
  'os debian 13',
  'pip Flask==3.1.1',
  'pip zope.interface==7.2',
  'pip -e git+https://example/x#egg=x',
].join('\n');

const sbom = () =>
  cyclonedxSbom({
    repository: 'registry.example/acme/flask',
    version: '3.1.1',
    nodeId: 'flask:3.1.1-python3.13',
    digest: DIGEST,
    platform: 'linux/amd64',
    recorded: RECORDED,
    family: debianFamily,
    builtFromSource: [
      {
        image: 'python',
        version: '3.13.5',
        url: 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz',
        sha256: 'c'.repeat(64),
        type: null,
        declaredAt: 'images.python.versions.3.13.5.source',
      },
      {
        image: 'pyenv',
        version: '2.5.4',
        url: null,
        sha256: null,
        type: 'debian',
        declaredAt: 'images.pyenv.versions.2.5.4.source',
      },
    ],
    timestamp: '2026-01-02T03:04:05.000Z',
    toolVersion: '0.1.0',
  });

describe('the CycloneDX SBOM', () => {
  it('lists OS packages with deb purls (arch, distro, epoch encoded), Python packages with pypi purls, and what is built from source', () => {
    const bom = sbom();
    expect(bom).toMatchObject({ bomFormat: 'CycloneDX', specVersion: '1.6', version: 1 });
    const purls = bom.components.map((c) => c.purl);
    expect(purls).toEqual([
      'pkg:deb/debian/openssl@3.5.1-1?arch=amd64&distro=debian-13',
      'pkg:deb/debian/libc6@2.41-12?arch=amd64&distro=debian-13',
      'pkg:deb/debian/tzdata@2025b-4?arch=all&distro=debian-13',
      'pkg:deb/debian/python3-pkg@1%3A2.0-1?arch=amd64&distro=debian-13',
      'pkg:pypi/flask@3.1.1',
      'pkg:pypi/zope-interface@7.2',
      undefined,
      undefined,
    ]);
    const python = bom.components.find((c) => c.name === 'python');
    expect(python).toMatchObject({
      version: '3.13.5',
      hashes: [{ alg: 'SHA-256', content: 'c'.repeat(64) }],
      externalReferences: [
        { type: 'distribution', url: 'https://www.python.org/ftp/python/3.13.5/Python-3.13.5.tar.xz' },
      ],
    });
    expect(bom.metadata.component).toMatchObject({ type: 'container', hashes: [{ content: 'b'.repeat(64) }] });
    expect(sbomPackageCount(bom)).toBe(8);
  });

  it('gives back its OS packages for the security check', () => {
    expect(sbomOsPackages(sbom(), 'deb')).toContainEqual({
      name: 'openssl',
      version: '3.5.1-1',
      architecture: 'amd64',
    });
    expect(sbomOsPackages({ components: 'no' }, 'deb')).toEqual([]);
  });
});

const statement = (digest = DIGEST, catalog = 'https://git.acme.example/catalog') =>
  provenanceStatement({
    repository: 'registry.example/acme/flask',
    digest,
    nodeId: 'flask:3.1.1',
    catalog,
    revision: 'abc123',
    inputHash: 'sha256:feed',
    parent: { reference: 'registry.example/acme/python@sha256:aa', digest: `sha256:${'a'.repeat(64)}` },
    buildArgs: { MIRROR_PYPI: 'https://user:secret@pypi.example/simple', BASE_IMAGE: 'x' },
    sources: [{ url: 'https://example/Python.tar.xz', sha256: 'c'.repeat(64), name: 'python:3.13.5' }],
    platform: 'linux/amd64',
    builder: { id: 'urn:catalog:builder:local', engine: 'buildah', toolVersion: '0.1.0' },
    startedOn: '2026-01-01T00:00:00Z',
    finishedOn: '2026-01-01T00:01:00Z',
    invocationId: 'run-1',
  });

describe('the SLSA v1 provenance', () => {
  it('is an in-toto statement about the digest with the commit, parent, sources and build args (no credentials)', () => {
    const s = statement();
    expect(s).toMatchObject({ _type: 'https://in-toto.io/Statement/v1', predicateType: SLSA_PROVENANCE_V1 });
    expect(s.subject).toEqual([{ name: 'registry.example/acme/flask', digest: { sha256: 'b'.repeat(64) } }]);
    expect(s.predicate.buildDefinition.buildType).toBe(CATALOG_BUILD_TYPE);
    expect(s.predicate.buildDefinition.externalParameters.buildArgs.MIRROR_PYPI).toBe(
      'https://***@pypi.example/simple',
    );
    expect(s.predicate.buildDefinition.resolvedDependencies).toEqual([
      { uri: 'git+https://git.acme.example/catalog', digest: { gitCommit: 'abc123' }, name: 'catalog' },
      { uri: 'registry.example/acme/python@sha256:aa', digest: { sha256: 'a'.repeat(64) }, name: 'parent' },
      { uri: 'https://example/Python.tar.xz', digest: { sha256: 'c'.repeat(64) }, name: 'python:3.13.5' },
    ]);
  });

  it('passes the check for its digest and catalog, and fails for another digest, catalog or build type', () => {
    const s = statement();
    expect(checkProvenance([s], DIGEST, 'https://git.acme.example/catalog').ok).toBe(true);
    expect(checkProvenance([s], DIGEST, undefined).ok).toBe(true);
    expect(checkProvenance([s], `sha256:${'d'.repeat(64)}`, undefined).detail).toMatch(
      /subject is not the image's digest/,
    );
    expect(checkProvenance([s], DIGEST, 'https://other/catalog').detail).toMatch(
      /names the catalog https:\/\/git.acme.example\/catalog, not/,
    );
    const foreign = { ...s, predicate: { buildDefinition: { buildType: 'https://other/type' } } };
    expect(checkProvenance([foreign], DIGEST, undefined).detail).toMatch(/build type/);
    expect(checkProvenance([], DIGEST, undefined).detail).toBe('no SLSA v1 provenance is attached');
  });

  it('the SBOM check finds a CycloneDX statement about the digest', () => {
    const about = {
      predicateType: CYCLONEDX_PREDICATE_TYPE,
      subject: [{ digest: { sha256: 'b'.repeat(64) } }],
      predicate: sbom(),
    };
    expect(attestedSboms([about], DIGEST).sboms).toHaveLength(1);
    expect(attestedSboms([about], `sha256:${'d'.repeat(64)}`).check?.detail).toMatch(/subject is not/);
    expect(attestedSboms([], DIGEST).check?.detail).toBe('no CycloneDX SBOM is attached');
    expect(sbomPassed([sbom()]).detail).toBe('CycloneDX, valid, 8 packages');
  });
});

describe('signing settings', () => {
  it('--no-sign wins, then CATALOG_SIGNING, then the catalog', () => {
    expect(resolveSigning({ mode: 'key' }, {}, { sign: false })).toEqual({ mode: 'off', why: '--no-sign' });
    expect(resolveSigning({ mode: 'key' }, { CATALOG_SIGNING: 'keyless' })).toEqual({ mode: 'keyless' });
    expect(resolveSigning({ mode: 'off' }, {})).toEqual({ mode: 'off', why: 'signing: off in the catalog' });
  });

  it('the key: CATALOG_COSIGN_KEY (file or PEM), else signing.key, else generated', () => {
    expect(resolveSigning({ mode: 'key', key: 'k.key' }, { CATALOG_COSIGN_KEY: '/etc/k.key' })).toEqual({
      mode: 'key',
      key: { kind: 'file', path: '/etc/k.key', from: 'environment' },
    });
    expect(
      resolveSigning({ mode: 'key' }, { CATALOG_COSIGN_KEY: '-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\n...' }),
    ).toEqual({
      mode: 'key',
      key: { kind: 'pem', variable: 'CATALOG_COSIGN_KEY' },
    });
    expect(resolveSigning({ mode: 'key', key: 'k.key' }, {})).toEqual({
      mode: 'key',
      key: { kind: 'file', path: 'k.key', from: 'catalog' },
    });
    expect(resolveSigning({ mode: 'key' }, {})).toEqual({ mode: 'key', key: { kind: 'generated' } });
  });

  it('an unknown CATALOG_SIGNING is a usage error naming the choices', () => {
    expect(() => resolveSigning({ mode: 'key' }, { CATALOG_SIGNING: 'yes' })).toThrow(UsageError);
    expect(() => resolveSigning({ mode: 'key' }, { CATALOG_SIGNING: 'yes' })).toThrow(
      /CATALOG_SIGNING=yes is not a signing mode/,
    );
  });

  it('the public key beside a private key file', () => {
    expect(publicKeyFile('/k/cosign.key')).toBe('/k/cosign.pub');
    expect(publicKeyFile('/k/signing')).toBe('/k/signing.pub');
  });
});
