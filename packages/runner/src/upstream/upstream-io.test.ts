import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { generateSigningKey } from '../../test/signing-key.js';
import { readLock, writeLock } from './lock-file.js';
import { securityIndex } from './security-index.js';
import { aptArchiveSite, aptSecuritySite } from './security-mirror.js';

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** The archive's key: a real gpg key, its keyring given to gpgv. */
const key = generateSigningKey();
const other = generateSigningKey('Someone Else');
afterAll(() => {
  key.remove();
  other.remove();
});
const KEYRING = { path: key.keyring, variable: 'CATALOG_KEYRING_TEST', from: 'environment' as const };

type Files = Record<string, Uint8Array | string>;

function served(files: Files) {
  const requests: string[] = [];
  const fetchFake = (async (url: string | URL) => {
    requests.push(String(url));
    const body = files[String(url)];
    return body === undefined ? new Response('no', { status: 404 }) : new Response(body);
  }) as typeof fetch;
  return { fetch: fetchFake, requests };
}

const SUITE = 'http://mirror.test/dists/trixie-security';

function archive(packages: string, tamper = false) {
  const gz = new Uint8Array(gzipSync(packages));
  const release = `Codename: trixie-security\nSHA256:\n ${tamper ? 'f'.repeat(64) : sha256(gz)} ${gz.length} main/binary-amd64/Packages.gz\n`;
  return served({ [`${SUITE}/InRelease`]: key.clearsign(release), [`${SUITE}/main/binary-amd64/Packages.gz`]: gz });
}

const REQUEST = { mirror: 'http://mirror.test', suite: 'trixie-security', component: 'main', architecture: 'amd64' };
const options = (fetchImpl: typeof fetch, cacheDir = tempDir('catalog-index-')) => ({
  cacheDir,
  fetch: fetchImpl,
  keyring: KEYRING,
});

describe('the security index', () => {
  it('downloads Packages.gz once per Release: the Release hash keys the cache', async () => {
    const cacheDir = tempDir('catalog-index-');
    const first = archive('Package: openssl\nVersion: 3.5.1-1+deb13u1\n');
    expect(Object.fromEntries(await securityIndex(REQUEST, options(first.fetch, cacheDir)))).toEqual({
      openssl: '3.5.1-1+deb13u1',
    });
    const again = await securityIndex(REQUEST, options(first.fetch, cacheDir));
    expect(again.get('openssl')).toBe('3.5.1-1+deb13u1');
    expect(first.requests.filter((r) => r.endsWith('Packages.gz'))).toHaveLength(1);
    expect(first.requests.filter((r) => r.endsWith('InRelease'))).toHaveLength(2);
    const changed = archive('Package: openssl\nVersion: 3.5.1-1+deb13u2\n');
    expect((await securityIndex(REQUEST, options(changed.fetch, cacheDir))).get('openssl')).toBe('3.5.1-1+deb13u2');
  });

  it('rejects an index that does not match its Release hash, and a missing suite', async () => {
    const bad = archive('Package: a\nVersion: 1\n', true);
    await expect(securityIndex(REQUEST, options(bad.fetch))).rejects.toThrow(/does not match the SHA-256/);
    await expect(securityIndex({ ...REQUEST, suite: 'nope-security' }, options(bad.fetch))).rejects.toThrow(
      /InRelease and Release do not exist/,
    );
    const unreachable = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as typeof fetch;
    await expect(securityIndex(REQUEST, options(unreachable))).rejects.toThrow(/cannot reach .*ECONNREFUSED/);
  });
});

describe('the signature of the Release file (gpgv against the keyring)', () => {
  const gz = new Uint8Array(gzipSync('Package: openssl\nVersion: 9.9-1\n'));
  const release = `SHA256:\n ${sha256(gz)} ${gz.length} main/binary-amd64/Packages.gz\n`;
  const index = { [`${SUITE}/main/binary-amd64/Packages.gz`]: gz };

  it('reads a Release signed by a detached Release.gpg', async () => {
    const archive = served({
      ...index,
      [`${SUITE}/Release`]: release,
      [`${SUITE}/Release.gpg`]: key.detachSign(release),
    });
    expect((await securityIndex(REQUEST, options(archive.fetch))).get('openssl')).toBe('9.9-1');
  });

  it('refuses a signature by another key, an altered InRelease, and an unsigned Release: nothing is read', async () => {
    const foreign = served({ ...index, [`${SUITE}/InRelease`]: other.clearsign(release) });
    const failure = securityIndex(REQUEST, options(foreign.fetch));
    await expect(failure).rejects.toThrow(
      /signature of http:\/\/mirror\.test\/dists\/trixie-security\/InRelease does not verify/,
    );
    await expect(failure).rejects.toMatchObject({ hint: expect.stringContaining('CATALOG_KEYRING_TEST') });
    expect(foreign.requests.some((r) => r.endsWith('Packages.gz'))).toBe(false);

    const altered = served({
      ...index,
      [`${SUITE}/InRelease`]: key.clearsign(`Suite: x\n${release}`).replace('Suite: x', 'Suite: y'),
    });
    await expect(securityIndex(REQUEST, options(altered.fetch))).rejects.toThrow(/does not verify/);

    const unsigned = served({ ...index, [`${SUITE}/Release`]: release });
    await expect(securityIndex(REQUEST, options(unsigned.fetch))).rejects.toThrow(
      /Release is not signed \(no Release.gpg/,
    );

    const wrongDetached = served({
      ...index,
      [`${SUITE}/Release`]: release,
      [`${SUITE}/Release.gpg`]: other.detachSign(release),
    });
    await expect(securityIndex(REQUEST, options(wrongDetached.fetch))).rejects.toThrow(/does not verify/);
  });

  it('only the signed text is read: lines added outside the clear-signed part are ignored', async () => {
    const evil = `${key.clearsign(release)}\nSHA256:\n ${'0'.repeat(64)} 1 main/binary-amd64/Packages.gz\n`;
    const archive = served({ ...index, [`${SUITE}/InRelease`]: evil });
    expect((await securityIndex(REQUEST, options(archive.fetch))).get('openssl')).toBe('9.9-1');
  });

  it('a missing keyring is an error naming the variable and the package', async () => {
    const archive = served({ ...index, [`${SUITE}/InRelease`]: key.clearsign(release) });
    const missing = { path: '/nonexistent/keyring.gpg', variable: 'CATALOG_DEBIAN_KEYRING', from: 'default' as const };
    const failure = securityIndex(REQUEST, { ...options(archive.fetch), keyring: missing });
    await expect(failure).rejects.toThrow(/keyring \/nonexistent\/keyring.gpg .* does not exist/);
    await expect(failure).rejects.toMatchObject({ hint: expect.stringContaining('debian-archive-keyring') });
  });
});

describe('an archive that carries only Packages.xz (as the Debian security archive does)', () => {
  it('skips the listed but absent forms and reads the xz index with xz -dc', async () => {
    const text = 'Package: openssl\nVersion: 3.5.7-1~deb13u3\n\nPackage: libc6\nVersion: 2.41-12+deb13u1\n';
    const xz = new Uint8Array(execFileSync('xz', ['-z', '-c'], { input: text }));
    const plain = new TextEncoder().encode(text);
    const release = `SHA256:\n ${sha256(plain)} ${plain.length} main/binary-amd64/Packages\n ${sha256(xz)} ${xz.length} main/binary-amd64/Packages.xz\n`;
    const archive = served({
      [`${SUITE}/InRelease`]: key.clearsign(release),
      [`${SUITE}/main/binary-amd64/Packages.xz`]: xz,
    });
    const cacheDir = tempDir('catalog-index-');
    const index = await securityIndex(REQUEST, options(archive.fetch, cacheDir));
    expect(Object.fromEntries(index)).toEqual({ openssl: '3.5.7-1~deb13u3', libc6: '2.41-12+deb13u1' });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.xz'))).toEqual([]);
  });

  it('a damaged xz index (its hash listed as served) fails with the file and a retry hint', async () => {
    const damaged = new TextEncoder().encode('not xz at all');
    const release = `SHA256:\n ${sha256(damaged)} ${damaged.length} main/binary-amd64/Packages.xz\n`;
    const archive = served({
      [`${SUITE}/InRelease`]: key.clearsign(release),
      [`${SUITE}/main/binary-amd64/Packages.xz`]: damaged,
    });
    const cacheDir = tempDir('catalog-index-');
    const failure = securityIndex(REQUEST, options(archive.fetch, cacheDir));
    await expect(failure).rejects.toThrow(/cannot decompress main\/binary-amd64\/Packages\.xz: xz exited 1/);
    await expect(failure).rejects.toMatchObject({ hint: expect.stringContaining('damaged') });
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.xz'))).toEqual([]);
  });
});

describe('apt sources', () => {
  it('finds the security archive in deb822 and one-line sources', async () => {
    const dir = tempDir('catalog-apt-');
    mkdirSync(join(dir, 'sources.list.d'));
    writeFileSync(
      join(dir, 'sources.list.d', 'debian.sources'),
      'Types: deb\nURIs: http://deb.test/debian\nSuites: trixie\n\nTypes: deb\nURIs: http://sec.test/debian-security/\nSuites: trixie-security\n',
    );
    expect(await aptSecuritySite(dir)).toBe('http://sec.test/debian-security');
    const old = tempDir('catalog-apt-');
    writeFileSync(join(old, 'sources.list'), 'deb [arch=amd64] http://old.test/sec bookworm-security main\n');
    expect(await aptSecuritySite(old)).toBe('http://old.test/sec');
    expect(await aptSecuritySite(join(old, 'missing'))).toBeUndefined();
  });

  it('finds the archive of a suite (deb or deb-src) for the Debian release source', async () => {
    const dir = tempDir('catalog-apt-');
    mkdirSync(join(dir, 'sources.list.d'));
    writeFileSync(join(dir, 'sources.list'), 'deb http://ubuntu.test/ubuntu noble main\n');
    writeFileSync(
      join(dir, 'sources.list.d', 'debian.sources'),
      'Types: deb-src\nURIs: http://deb.test/debian/\nSuites: trixie trixie-updates\nComponents: main\n',
    );
    expect(await aptArchiveSite('trixie', dir)).toBe('http://deb.test/debian');
    expect(await aptArchiveSite('bookworm', dir)).toBeUndefined();
  });
});

describe('the lock file on disk', () => {
  it('is written by rename, leaves no temporary file, and reads back', async () => {
    const dir = tempDir('catalog-lock-');
    const path = join(dir, 'catalog.lock.yaml');
    expect(await readLock(path)).toEqual({ lock: { upstreams: {} }, exists: false });
    const lock = {
      upstreams: {
        'r.test/a:1': {
          digest: `sha256:${'1'.repeat(64)}`,
          mediaType: 'm',
          platforms: { 'linux/amd64': `sha256:${'2'.repeat(64)}` },
        },
      },
    };
    await writeLock(path, lock);
    expect(readdirSync(dir)).toEqual(['catalog.lock.yaml']);
    expect((await readLock(path)).lock).toEqual(lock);
    expect(readFileSync(path, 'utf8')).toContain('r.test/a:1');
    await expect(writeLock(join(dir, 'missing', 'l.yaml'), lock)).rejects.toThrow(/cannot write l.yaml/);
  });
});
