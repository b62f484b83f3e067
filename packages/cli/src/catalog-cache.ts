import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CatalogSnapshot } from '@catalog/core';
import { defaultCacheDir } from '@catalog/runner';

/**
 * A cache of validated catalogs, so that a big catalog is parsed and validated once per change
 * rather than once per command (Nx runs one command per project and target). Entries are keyed by
 * everything the result depends on: the build of the tool, the file name shown in messages, the
 * load options and the text itself. Any trouble reading an entry is a miss; any trouble writing
 * one is ignored: the cache only ever saves time.
 */
export interface CatalogCache {
  readonly dir: string;
  /** Identifies the code that made an entry; another build never reads it. */
  readonly buildId: string;
}

/** Entries kept; the least recently used ones go when a new one is written. */
const KEEP = 32;

declare const CATALOG_BUILD_ID: string | undefined;

/**
 * Set by tools/bundle-cli.mjs to a hash of the sources and lockfile the bundle was made from.
 * Unbundled (as in unit tests) there is no trustworthy identity, so no cache.
 */
export const BUILD_ID: string | undefined = typeof CATALOG_BUILD_ID === 'string' ? CATALOG_BUILD_ID : undefined;

/**
 * The cache: `parsed-catalogs/` in the tool's cache folder ($CATALOG_CACHE, else
 * $XDG_CACHE_HOME/catalog, else ~/.cache/catalog). CATALOG_PARSE_CACHE=off turns it off.
 */
export function catalogCache(
  env: Readonly<Record<string, string | undefined>>,
  buildId: string | undefined = BUILD_ID,
): CatalogCache | undefined {
  if (!buildId || env.CATALOG_PARSE_CACHE === 'off') return undefined;
  return { dir: join(defaultCacheDir(env), 'parsed-catalogs'), buildId };
}

export function snapshotKey(cache: CatalogCache, file: string, options: unknown, text: string): string {
  return createHash('sha256')
    .update(JSON.stringify([cache.buildId, file, options]))
    .update('\0')
    .update(text)
    .digest('hex');
}

const entryFile = (cache: CatalogCache, key: string) => join(cache.dir, `${key}.json`);

export async function readSnapshot(cache: CatalogCache, key: string): Promise<CatalogSnapshot | undefined> {
  const file = entryFile(cache, key);
  let snapshot: CatalogSnapshot;
  try {
    snapshot = JSON.parse(await readFile(file, 'utf8')) as CatalogSnapshot;
  } catch {
    return undefined;
  }
  const now = new Date();
  // Recently used: kept longer. Another process may just have trimmed it; the read still counts.
  await utimes(file, now, now).catch(() => undefined);
  return snapshot;
}

/** Writes atomically (a reader sees a whole entry or none), then trims the cache to KEEP entries. */
export async function writeSnapshot(cache: CatalogCache, key: string, snapshot: CatalogSnapshot): Promise<void> {
  const file = entryFile(cache, key);
  const partial = `${file}.${process.pid}.partial`;
  try {
    await mkdir(cache.dir, { recursive: true });
    await writeFile(partial, JSON.stringify(snapshot));
    await rename(partial, file);
    await trim(cache.dir);
  } catch {
    await rm(partial, { force: true }).catch(() => undefined);
  }
}

async function trim(dir: string): Promise<void> {
  const names = (await readdir(dir)).filter((name) => /^[0-9a-f]{64}\.json$/.test(name));
  if (names.length <= KEEP) return;
  const entries = await Promise.all(
    names.map(async (name) => ({ name, used: (await stat(join(dir, name)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  entries.sort((a, b) => b.used - a.used);
  await Promise.all(entries.slice(KEEP).map((entry) => rm(join(dir, entry.name), { force: true })));
}
