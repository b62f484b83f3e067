import { type CatalogNode, externalParentPlatforms, updateLock } from '@catalog/core';
import { type BuildRunSettings, pinnedParents, readLock, writeLock } from '@catalog/runner';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import type { LoadedCatalogFile } from '../load.js';
import { checkUpstream, lockPath } from '../upstream-context.js';
import type { BuildOptions } from './build-options.js';

/** What the upstream watch adds to a build's settings. */
export type UpstreamSettings = Pick<BuildRunSettings, 'pinnedParents' | 'refresh'>;

export interface UpstreamBuildPlan {
  readonly nodes: readonly CatalogNode[];
  readonly settings: UpstreamSettings;
  /** Why each node was selected (with --upstream-changed). */
  readonly reasons?: ReadonlyMap<string, string>;
  /** Run after a build that completed: writes the lock with the digests just built from. */
  readonly afterSuccess?: () => Promise<void>;
}

/**
 * A build's external parents come pinned from the lock (not their moving tags). With
 * --upstream-changed, the nodes are narrowed to what the upstream check selects, built from the
 * upstreams' current digests, and after a complete publish the lock records those digests.
 */
export async function upstreamPlan(
  loaded: LoadedCatalogFile,
  selected: readonly CatalogNode[],
  options: BuildOptions,
  globals: GlobalOptions,
  io: CliIo,
  signal: AbortSignal,
): Promise<UpstreamBuildPlan> {
  const platforms = externalParentPlatforms(loaded.graph);
  if (!options.upstreamChanged) {
    const { lock } = await readLock(lockPath(loaded, io, options.lock));
    return { nodes: selected, settings: { pinnedParents: pinnedParents(lock.upstreams, platforms) } };
  }
  const { report, lock, path, exists } = await checkUpstream(loaded, io, options.lock, signal);
  const reasons = new Map(report.selected.map((n) => [n.id, n.reason]));
  const nodes = selected.filter((node) => reasons.has(node.id));
  const chosen = new Map(nodes.map((node) => [node.id, reasons.get(node.id) as string]));
  if (globals.json)
    writeJson(io.stdout, { type: 'upstream', selected: [...chosen].map(([id, reason]) => ({ id, reason })) });
  else for (const [id, reason] of chosen) writeLine(io.stdout, `upstream   ${id}  (${reason})`);
  const current = { ...lock.upstreams, ...report.lockUpdates };
  const settings = { pinnedParents: pinnedParents(current, platforms), refresh: new Set(report.refresh) };
  const externals = Object.keys(report.lockUpdates);
  if (!options.push || options.dryRun || (externals.length === 0 && !exists))
    return { nodes, settings, reasons: chosen };
  const afterSuccess = async () => writeLock(path, updateLock(lock, report.lockUpdates, externals));
  return { nodes, settings, reasons: chosen, afterSuccess };
}
