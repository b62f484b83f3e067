import { join, resolve } from 'node:path';
import { createCosign } from '@catalog/builders';
import { type BuildReport, ReportedFailure, selectNodes, succeeded } from '@catalog/core';
import {
  defaultCacheDir,
  fileRunStore,
  publishReports,
  readReports,
  recordingPublishPorts,
  writeReport,
} from '@catalog/runner';
import type { Command } from 'commander';
import { sourceInfo } from '../build-environment.js';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { type LoadedCatalogFile, loadCatalogFile } from '../load.js';
import { progressFor } from '../output/build-progress.js';
import { printSummary } from '../output/build-summary.js';
import { registryClient } from '../registry-client.js';
import { explicitWorkDir, registryWorkDir } from '../work-dir.js';
import { DEFAULT_BUILD_DIR, LEDGER_FILE } from './build-options.js';
import { bakeReportFile, shownPath } from './publish-files.js';
import type { PublishOptions } from './publish-options.js';
import { publishSigning } from './publish-signing.js';

/** `catalog publish REPORT...`: reads, calls the runner's publishReports, prints. */
export async function publishAction(
  paths: string[],
  options: PublishOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const registry = loaded.catalog.registry;
  const reports = await readReports(
    paths.map((p) => resolve(io.cwd, p)),
    (file) => shownPath(io.cwd, file),
  );
  const nodes = selectNodes(loaded.graph, options.select ?? [], {});
  const { revision } = await sourceInfo(loaded.root, io);
  const bake = options.bakeMetadata ? resolve(io.cwd, options.bakeMetadata) : undefined;
  const out = await workDir(loaded, options, io);
  const signing = await publishSigning(loaded, options, io);
  const report = await withCommandSignal(async (signal) => {
    const real = registryClient(io, signal);
    if (bake) reports.push(await bakeReportFile(bake, { ...loaded, registry, revision }, real, io));
    const { cosign, ...ports } = options.dryRun
      ? recordingPublishPorts(real, out, signing.settings)
      : {
          registry: real,
          store: fileRunStore(out, resolve(out, LEDGER_FILE)),
          ...(signing.settings ? { cosign: createCosign(signing.settings) } : {}),
        };
    const view = progressFor(io.stdout, io.stderr, { json: globals.json, ci: true });
    try {
      return await publishReports({
        loaded,
        reports,
        nodes,
        revision,
        out,
        settings: {
          registry,
          allowDowngrade: options.allowDowngrade ?? false,
          signal,
          onEvent: view.onEvent,
          ...(options.dryRun ? {} : { publishLocks: join(defaultCacheDir(io.env), 'locks') }),
        },
        ...ports,
        ...(cosign ? { cosign: signing.announcing(cosign) } : {}),
        command: ['catalog', ...process.argv.slice(2)].join(' '),
        ...(options.platform ? { platforms: options.platform } : {}),
      });
    } finally {
      view.close();
    }
  }).finally(() => signing.remove());
  if (options.report && !options.dryRun) await writeReport(resolve(io.cwd, options.report), report);
  print(io, globals, report, options.dryRun ?? false);
  if (!succeeded(report)) throw new ReportedFailure('the publish did not complete', report.interrupted ? 130 : 1);
}

/** The working folder (ledger, lock): --out, else the one `catalog build` uses for this registry. */
function workDir(loaded: LoadedCatalogFile, options: PublishOptions, io: CliIo): Promise<string> {
  const registry = loaded.catalog.registry;
  if (options.out) return explicitWorkDir(resolve(io.cwd, options.out), registry, !options.dryRun);
  return registryWorkDir(resolve(loaded.root, DEFAULT_BUILD_DIR), registry, !options.dryRun);
}

function print(io: CliIo, globals: GlobalOptions, report: BuildReport, dryRun: boolean): void {
  if (globals.json) {
    writeJson(io.stdout, { type: 'report', dryRun, report });
    return;
  }
  printSummary(io.stdout, report);
  const missing = report.nodes.filter((n) => n.status === 'skipped').map((n) => n.id);
  if (missing.length > 0)
    writeLine(
      io.stdout,
      `no report covers ${missing.join(', ')}: their subtrees stay untagged; publish again with the missing reports`,
    );
  if (dryRun) writeLine(io.stdout, 'dry run: no index pushed, no tag moved');
}
