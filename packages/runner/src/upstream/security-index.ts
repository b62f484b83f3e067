import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { runProcess } from '@catalog/builders';
import { packagesIndexPath, parsePackagesIndex, parseRelease, type ReleaseFile } from '@catalog/core';
import { UpstreamError } from './errors.js';

/** One suite/component/architecture of a Debian archive. */
export interface IndexRequest {
  readonly mirror: string;
  readonly suite: string;
  readonly component: string;
  readonly architecture: string;
}

export interface SecurityIndexOptions {
  readonly fetch?: typeof fetch;
  /** Where parsed indexes are kept (default `$CATALOG_CACHE` or `~/.cache/catalog`, then `debian-index/`). */
  readonly cacheDir: string;
  /** Called once per index download (not for cache hits); for progress and tests. */
  readonly onDownload?: (url: string) => void;
}

/** The cache folder: `$CATALOG_CACHE`, else `$XDG_CACHE_HOME/catalog`, else `~/.cache/catalog`. */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>): string {
  return env.CATALOG_CACHE || join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'catalog');
}

/**
 * The newest version of every package of a security suite's index. The suite's InRelease (else
 * Release) is always fetched: it is small, and its SHA-256 keys the cache, so an unchanged suite
 * costs one small request; a changed one downloads Packages.gz, checked against the Release hash.
 */
export async function securityIndex(
  request: IndexRequest,
  options: SecurityIndexOptions,
): Promise<Map<string, string>> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = `${request.mirror}/dists/${request.suite}`;
  const { text, url } = await fetchRelease(base, fetchImpl);
  const releaseHash = sha256(new TextEncoder().encode(text));
  const cacheFile = join(
    options.cacheDir,
    'debian-index',
    `${releaseHash}-${request.component}-${request.architecture}.json`,
  );
  const cached = await readFile(cacheFile, 'utf8').catch(() => undefined);
  if (cached) return new Map(Object.entries(JSON.parse(cached) as Record<string, string>));
  const release = parseRelease(text);
  if (!release) throw new UpstreamError(`${url} is not a Debian Release file (no SHA256 list)`, mirrorHint(request));
  const packages = await fetchPackages(base, release, request, fetchImpl, options);
  await mkdir(join(options.cacheDir, 'debian-index'), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  await writeFile(temporary, JSON.stringify(Object.fromEntries(packages)));
  await rename(temporary, cacheFile);
  return packages;
}

async function fetchRelease(base: string, fetchImpl: typeof fetch): Promise<{ text: string; url: string }> {
  for (const name of ['InRelease', 'Release']) {
    const url = `${base}/${name}`;
    const response = await get(url, fetchImpl);
    if (response.status === 404) {
      await response.body?.cancel();
      continue;
    }
    if (!response.ok) throw httpError(url, response.status);
    return { text: await response.text(), url };
  }
  throw new UpstreamError(
    `${base}/InRelease and Release do not exist`,
    'check the suite name (e.g. trixie-security) and that the mirror carries it',
  );
}

/** The compressions tried, in order: gzip (read here), xz (read with `xz -dc`), none. */
const COMPRESSIONS = ['.gz', '.xz', ''] as const;

async function fetchPackages(
  base: string,
  release: ReleaseFile,
  request: IndexRequest,
  fetchImpl: typeof fetch,
  options: SecurityIndexOptions,
): Promise<Map<string, string>> {
  const entries = COMPRESSIONS.flatMap((compression) => {
    const path = packagesIndexPath(request.component, request.architecture, compression);
    const entry = release.entries.find((e) => e.path === path);
    return entry ? [entry] : [];
  });
  for (const entry of entries) {
    const url = `${base}/${entry.path}`;
    options.onDownload?.(url);
    const response = await get(url, fetchImpl);
    if (response.status === 404) {
      await response.body?.cancel();
      continue; // Release files list uncompressed and other forms the server does not carry
    }
    if (!response.ok) throw httpError(url, response.status);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (sha256(bytes) !== entry.sha256) {
      throw new UpstreamError(
        `${url} does not match the SHA-256 its Release file lists`,
        'the mirror is mid-update or corrupt; retry later',
      );
    }
    return parsePackagesIndex(await decompress(entry.path, bytes, options.cacheDir));
  }
  const wanted = packagesIndexPath(request.component, request.architecture, '');
  throw new UpstreamError(
    `${base} has no ${wanted}(.gz|.xz)`,
    `the suite has no ${request.component} component for ${request.architecture}; check securityUpdates.components and platforms`,
  );
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

async function get(url: string, fetchImpl: typeof fetch): Promise<Response> {
  try {
    return await fetchImpl(url, { signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new UpstreamError(`cannot reach ${url}: ${cause}`, 'check the mirror URL and the network');
  }
}

function httpError(url: string, status: number): UpstreamError {
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
