import { describe, expect, it } from 'vitest';
import {
  debianArchitecture,
  parseDpkgStatus,
  parseInstalledPackages,
  parsePackagesIndex,
  parseRelease,
  securityFixes,
  stripClearsign,
} from './archive.js';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);
const RELEASE = `Origin: Debian
Suite: stable-security
Codename: trixie-security
Date: Mon, 01 Dec 2026 10:00:00 UTC
MD5Sum:
 0123456789abcdef0123456789abcdef 10 main/binary-amd64/Packages
SHA256:
 ${HASH_A} 1234 main/binary-amd64/Packages
 ${HASH_B} 321 main/binary-amd64/Packages.gz
`;

describe('Release files', () => {
  it('reads the SHA256 list, not the MD5 one', () => {
    const release = parseRelease(RELEASE);
    expect(release?.codename).toBe('trixie-security');
    expect(release?.entries).toEqual([
      { sha256: HASH_A, size: 1234, path: 'main/binary-amd64/Packages' },
      { sha256: HASH_B, size: 321, path: 'main/binary-amd64/Packages.gz' },
    ]);
  });

  it('unwraps an InRelease clear signature', () => {
    const signed = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${RELEASE}-----BEGIN PGP SIGNATURE-----\nxyz\n-----END PGP SIGNATURE-----\n`;
    expect(stripClearsign(signed).trim()).toBe(RELEASE.trim());
    expect(parseRelease(signed)?.entries).toHaveLength(2);
  });

  it('is undefined for something that is not a Release file', () => {
    expect(parseRelease('<html>not found</html>')).toBeUndefined();
  });
});

describe('package indexes and fixes', () => {
  const index = parsePackagesIndex(`Package: openssl
Version: 3.5.1-1+deb13u1
Architecture: amd64

Package: openssl
Version: 3.5.1-1+deb13u2
Architecture: amd64

Package: libc6
Source: glibc
Version: 2.41-12+deb13u1

Package: broken
`);

  it('keeps the newest version of each package', () => {
    expect(Object.fromEntries(index)).toEqual({ openssl: '3.5.1-1+deb13u2', libc6: '2.41-12+deb13u1' });
  });

  it('reads bill-of-materials lines and plain "name version" lines', () => {
    const installed = parseInstalledPackages(
      'deb openssl 3.5.1-1\ndeb libc6:amd64 2.41-12\npip flask==3.1.1\nbash 5.2.37-2\n\n',
    );
    expect(installed).toEqual([
      { name: 'openssl', version: '3.5.1-1' },
      { name: 'libc6', version: '2.41-12' },
      { name: 'bash', version: '5.2.37-2' },
    ]);
  });

  it('reads the installed packages of a dpkg status file', () => {
    const status =
      'Package: openssl\nStatus: install ok installed\nVersion: 3.5.1-1\n\nPackage: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\nPackage: libc6\nStatus: install ok installed\nMulti-Arch: same\nVersion: 2.41-12\n';
    expect(parseDpkgStatus(status)).toEqual([
      { name: 'openssl', version: '3.5.1-1' },
      { name: 'libc6', version: '2.41-12' },
    ]);
  });

  it('reports installed packages with a newer security version only', () => {
    const installed = [
      { name: 'openssl', version: '3.5.1-1' },
      { name: 'libc6', version: '2.41-12+deb13u1' },
      { name: 'bash', version: '5.2.37-2' },
    ];
    expect(securityFixes(installed, index)).toEqual([
      { name: 'openssl', installed: '3.5.1-1', fixed: '3.5.1-1+deb13u2' },
    ]);
    expect(securityFixes([{ name: 'openssl', version: '1:3.0' }], index)).toEqual([]);
  });

  it('names Debian architectures of OCI platforms', () => {
    expect(debianArchitecture('linux/amd64')).toBe('amd64');
    expect(debianArchitecture('linux/arm64/v8')).toBe('arm64');
    expect(debianArchitecture('linux/arm/v7')).toBe('armhf');
  });
});
