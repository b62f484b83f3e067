import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runProcess } from '@catalog/builders';
import { DEFAULT_OS_FAMILY, type IndexFile, type OsFamily, osFamily } from '@catalog/core';
import { UpstreamError } from './errors.js';
import { type ArchiveKeyring, verifyManifest } from './signed-manifest.js';

/** One suite/component/architecture of a security archive. */
export interface IndexRequest {
  readonly mirror: string;
  readonly suite: string;
  readonly component: string;
  readonly architecture: string;
}

export interface SecurityIndexOptions {
  readonly fetch?: typeof fetch;
  /** Where parsed indexes are kept (default `$CATALOG_CACHE` or `~/.cache/catalog`, then `<family>-index/`). */
  readonly cacheDir: string;
  /** The OS family whose archive this is (default debian): where its index is and how it reads. */
  readonly family?: OsFamily;
  /** Called once per index download (not for cache hits); for progress and tests. */
  readonly onDownload?: (url: string) => void;
  /** The keyring the manifest's signature is checked against (see archiveKeyring). */
  readonly keyring: ArchiveKeyring;
}

/** The cache folder: `$CATALOG_CACHE`, else `$XDG_CACHE_HOME/catalog`, else `~/.cache/catalog`. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.CATALOG_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'catalog');
}

/**
 * The newest version of every package of a security suite's index, as the OS family locates and
 * reads it. The suite's manifest (Debian: InRelease, else Release with Release.gpg) is always
 * fetched and its signature checked with gpgv against the keyring (nothing unsigned is read): it is small,
 * and its SHA-256 keys the cache, so an unchanged suite costs one small request; a changed one
 * downloads the index (Debian: Packages.gz), checked against the hash the manifest lists.
 */
export async function securityIndex(
  request: IndexRequest,
  options: SecurityIndexOptions,
): Promise<Map<string, string>> {
  const family = options.family ?? osFamily(DEFAULT_OS_FAMILY);
  const fetching = { ...options, fetch: options.fetch ?? globalThis.fetch };
  const base = `${request.mirror}/${family.security.suitePath(request.suite)}`;
  if (family.security.manifestFiles.length === 0) {
    // No manifest: the index is fetched whole each time, with nothing to key a cache with.
    return fetchIndex(base, indexFiles(family, { text: '', url: base }, request), request, family, fetching);
  }
  const manifest = await fetchManifest(base, family, fetching.fetch, options.keyring);
  const manifestHash = sha256(new TextEncoder().encode(manifest.text));
  const cacheDir = join(options.cacheDir, `${family.name}-index`);
  const cacheFile = join(cacheDir, `${manifestHash}-${request.component}-${request.architecture}.json`);
  const cached = await readFile(cacheFile, 'utf8').catch(() => undefined);
  if (cached) return new Map(Object.entries(JSON.parse(cached) as Record<string, string>));
  const packages = await fetchIndex(base, indexFiles(family, manifest, request), request, family, fetching);
  await mkdir(cacheDir, { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(packages)));
  await rename(temporary, cacheFile);
  return packages;
}

/** The index files the manifest lists for the request; an error when the text is not a manifest. */
function indexFiles(
  family: OsFamily,
  manifest: { text: string; url: string },
  request: IndexRequest,
): readonly IndexFile[] {
  const files = family.security.indexFiles(manifest.text, request.component, request.architecture);
  if (files) return files;
  const what = `${family.title} ${family.security.words.manifest}`;
  throw new UpstreamError(`${manifest.url} is not a ${what}`, mirrorHint(request));
}

/** The suite's manifest, its signature checked: the signed text. */
export async function fetchManifest(
  base: string,
  family: OsFamily,
  fetchImpl: typeof fetch,
  keyring: ArchiveKeyring,
): Promise<{ text: string; url: string }> {
  const names = family.security.manifestFiles;
  const signature = family.security.signature;
  if (!signature)
    throw new UpstreamError(`${family.title} manifests have no signature format`, 'define one in its OS family');
  for (const name of names) {
    const url = `${base}/${name}`;
    const bytes = await fetchOptional(url, fetchImpl);
    if (!bytes) continue;
    const detached = signature.detached[name];
    const signatureUrl = detached ? `${base}/${detached}` : undefined;
    const signatureBytes = signatureUrl ? await fetchOptional(signatureUrl, fetchImpl) : undefined;
    const served = {
      name,
      url,
      bytes,
      ...(signatureUrl && signatureBytes ? { signature: { url: signatureUrl, bytes: signatureBytes } } : {}),
    };
    return { text: await verifyManifest(served, signature, keyring), url };
  }
  throw new UpstreamError(
    `${base}/${names.join(' and ')} do not exist`,
    `check the suite name (e.g. ${family.security.words.suiteExample}) and that the mirror carries it`,
  );
}

/** The first index file the archive serves, checked against its listed hash, decompressed (gzip, xz) and parsed. */
async function fetchIndex(
  base: string,
  files: readonly IndexFile[],
  request: IndexRequest,
  family: OsFamily,
  options: SecurityIndexOptions & { fetch: typeof fetch },
): Promise<Map<string, string>> {
  const text = await fetchIndexText(base, files, { ...options, manifestWord: family.security.words.manifest });
  if (text !== undefined) return family.security.parseIndex(text);
  throw new UpstreamError(
    `${base} has no ${family.security.words.index(request.component, request.architecture)}`,
    `the suite has no ${request.component} component for ${request.architecture}; check securityUpdates.components and platforms`,
  );
}

/**
 * The text of the first of `files` the archive serves (in `base`), checked against the SHA-256 its
 * manifest lists and decompressed (gzip, xz); undefined when it serves none of them.
 */
export async function fetchIndexText(
  base: string,
  files: readonly IndexFile[],
  options: {
    readonly fetch: typeof fetch;
    readonly cacheDir: string;
    readonly manifestWord: string;
    readonly onDownload?: (url: string) => void;
  },
): Promise<string | undefined> {
  for (const entry of files) {
    const url = `${base}/${entry.path}`;
    options.onDownload?.(url);
    // Release files list uncompressed and other forms the server does not carry
    const bytes = await fetchOptional(url, options.fetch);
    if (!bytes) continue;
    if (entry.sha256 !== undefined && sha256(bytes) !== entry.sha256) {
      throw new UpstreamError(
        `${url} does not match the SHA-256 its ${options.manifestWord} lists`,
        'the mirror is mid-update or corrupt; retry later',
      );
    }
    return decompress(entry.path, bytes, options.cacheDir);
  }
  return undefined;
}

async function decompress(path: string, bytes: Uint8Array, cacheDir: string): Promise<string> {
  if (path.endsWith('.gz')) return gunzipSync(bytes).toString('utf8');
  if (!path.endsWith('.xz')) return new TextDecoder().decode(bytes);
  await mkdir(cacheDir, { recursive: true });
  const file = join(cacheDir, `.packages-${process.pid}-${Date.now()}.xz`);
  await writeFile(file, bytes);
  const lines: string[] = [];
  try {
    const result = await runProcess(['xz', '-dc', file], {
      onLine: (line, stream) => stream === 'stdout' && lines.push(line),
    });
    if (result.exitCode !== 0) {
      throw new UpstreamError(
        `cannot decompress ${path}: xz exited ${result.exitCode}: ${result.tail.slice(-3).join(' ')}`,
        'the downloaded index is damaged; retry later, or use another mirror',
      );
    }
  } catch (error) {
    if (error instanceof UpstreamError) throw error;
    throw new UpstreamError(
      `cannot decompress ${path}: ${(error as Error).message}`,
      'install xz-utils (apt-get install xz-utils)',
    );
  } finally {
    await rm(file, { force: true });
  }
  return lines.join('\n');
}

/** The body of a URL, undefined when it answers 404. */
export async function fetchOptional(url: string, fetchImpl: typeof fetch): Promise<Uint8Array | undefined> {
  const response = await get(url, fetchImpl);
  if (response.status === 404) {
    await response.body?.cancel();
    return undefined;
  }
  if (!response.ok) throw httpError(url, response.status);
  return new Uint8Array(await response.arrayBuffer());
}

/** GET with a minute's limit; an unreachable host is an UpstreamError naming the URL. */
export async function get(
  url: string,
  fetchImpl: typeof fetch,
  headers: Record<string, string> = {},
): Promise<Response> {
  try {
    return await fetchImpl(url, { headers, signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UpstreamError(`cannot reach ${url}: ${cause}`, 'check the mirror URL and the network');
  }
}

export function httpError(url: string, status: number): UpstreamError {
  return new UpstreamError(
    `GET ${url} answered HTTP ${status}`,
    'check the mirror URL; retry later if the mirror is busy',
  );
}

function mirrorHint(request: IndexRequest): string {
  return `check the security mirror (${request.mirror}) and the suite ${request.suite}`;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
