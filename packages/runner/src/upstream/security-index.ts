import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
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

async function fetchPackages(
  base: string,
  release: ReleaseFile,
  request: IndexRequest,
  fetchImpl: typeof fetch,
  options: SecurityIndexOptions,
): Promise<Map<string, string>> {
  const candidates = [
    packagesIndexPath(request.component, request.architecture, '.gz'),
    packagesIndexPath(request.component, request.architecture, ''),
  ];
  const entry = candidates.map((path) => release.entries.find((e) => e.path === path)).find((e) => e !== undefined);
  if (!entry) {
    throw new UpstreamError(
      `${base}/Release lists no ${candidates[0]}`,
      `the suite has no ${request.component} component for ${request.architecture}; check securityUpdates.components and platforms`,
    );
  }
  const url = `${base}/${entry.path}`;
  options.onDownload?.(url);
  const response = await get(url, fetchImpl);
  if (!response.ok) throw httpError(url, response.status);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (sha256(bytes) !== entry.sha256) {
    throw new UpstreamError(
      `${url} does not match the SHA-256 its Release file lists`,
      'the mirror is mid-update or corrupt; retry later',
    );
  }
  const text = entry.path.endsWith('.gz') ? gunzipSync(bytes).toString('utf8') : new TextDecoder().decode(bytes);
  return parsePackagesIndex(text);
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
