import { ReportedFailure, updateLock } from '@catalog/core';
import { rebuildsDue, writeLock } from '@catalog/runner';
import type { Command } from 'commander';
import { withCommandSignal } from '../command-signal.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { printUpstreamReport, upstreamJson } from '../output/upstream-report.js';
import { checkUpstream } from '../upstream-context.js';
import type { UpstreamOptions } from './upstream-options.js';

/** `catalog upstream check`: exit 0 when nothing changed, 3 when rebuilds are due. */
export async function upstreamCheckAction(options: UpstreamOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const { report } = await withCommandSignal((signal) => checkUpstream(loaded, io, options.lock, signal));
  if (globals.json) writeJson(io.stdout, upstreamJson(report));
  else printUpstreamReport(io.stdout, report);
  if (rebuildsDue(report)) throw new ReportedFailure('rebuilds are due', EXIT.rebuildsDue);
}

/** `catalog upstream update`: the lock with every external parent's current digests. */
export async function upstreamUpdateAction(options: UpstreamOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  // An interrupted check writes no lock (withCommandSignal throws when the signal came).
  const { report, lock, path } = await withCommandSignal((signal) => checkUpstream(loaded, io, options.lock, signal));
  const updated = updateLock(lock, report.lockUpdates, Object.keys(report.lockUpdates));
  await writeLock(path, updated);
  const changes = report.upstreams.filter((u) => u.locked?.digest !== u.current.digest);
  const removed = Object.keys(lock.upstreams).filter((ref) => !(ref in updated.upstreams));
  if (globals.json) {
    writeJson(io.stdout, {
      ok: true,
      lock: path,
      updated: changes.map((u) => ({ ref: u.ref, old: u.locked?.digest ?? null, new: u.current.digest })),
      removed,
    });
    return;
  }
  for (const u of changes)
    writeLine(io.stdout, `locked  ${u.ref}  ${u.locked?.digest ?? '(new)'} → ${u.current.digest}`);
  for (const ref of removed) writeLine(io.stdout, `removed ${ref} (no longer a parent in the catalog)`);
  writeLine(io.stdout, `${path}: ${Object.keys(updated.upstreams).length} upstreams, ${changes.length} updated`);
}
