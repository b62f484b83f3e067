import { resolve } from 'node:path';
import { LOCK_FILE, type LockFile } from '@catalog/core';
import { defaultCacheDir, readLock, runUpstreamCheck, type UpstreamReport } from '@catalog/runner';
import type { CliIo } from './io.js';
import type { LoadedCatalogFile } from './load.js';
import { registryClient } from './registry-client.js';

/** The lock file's path: --lock (from the working folder), else catalog.lock.yaml next to the catalog. */
export function lockPath(loaded: LoadedCatalogFile, io: CliIo, option: string | undefined): string {
  return option ? resolve(io.cwd, option) : resolve(loaded.root, LOCK_FILE);
}

/** Runs the upstream check for a loaded catalog, with the real registry, mirror and cache. */
export async function checkUpstream(
  loaded: LoadedCatalogFile,
  io: CliIo,
  lockOption: string | undefined,
  signal: AbortSignal,
): Promise<{ report: UpstreamReport; lock: LockFile; path: string; exists: boolean }> {
  const path = lockPath(loaded, io, lockOption);
  const { lock, exists } = await readLock(path);
  const report = await runUpstreamCheck({
    catalog: loaded.catalog,
    graph: loaded.graph,
    lock,
    registry: registryClient(io, signal),
    env: io.env,
    now: new Date(),
    cacheDir: defaultCacheDir(io.env),
  });
  return { report, lock, path, exists };
}
