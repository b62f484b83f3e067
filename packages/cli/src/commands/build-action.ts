import { resolve } from 'node:path';
import {
  assertCapabilities,
  createBuilder,
  createSmokeTester,
  detectBuilder,
  readOciConfig,
  runProcess,
} from '@catalog/builders';
import { type CatalogNode, type LoadedCatalog, ReportedFailure, UsageError } from '@catalog/core';
import { RegistryClient, tlsVerifyFor } from '@catalog/registry';
import {
  acquireRunLock,
  type BuildReport,
  type BuildRunSettings,
  dryRunCommands,
  LAST_REPORT,
  prepareJobs,
  readTemplates,
  runBuild,
  succeeded,
  writeReport,
} from '@catalog/runner';
import type { Command } from 'commander';
import { builderSettings, defaultJobs, mirrorOverrides, sourceInfo } from '../build-environment.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { progressFor } from '../output/build-progress.js';
import { printSummary } from '../output/build-summary.js';
import { selectForCommand } from '../selection.js';
import { type BuildOptions, DEFAULT_BUILD_DIR, LEDGER_FILE } from './build-options.js';
import { readPreviousReport } from './build-previous.js';
import { type UpstreamBuildPlan, upstreamPlan } from './build-upstream.js';

export async function buildAction(
  selectors: string[],
  options: BuildOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const selected = await selectForCommand(loaded, selectors, options);
  const upstream = await upstreamPlan(loaded, selected, options, globals, io);
  if (options.upstreamChanged && upstream.nodes.length === 0) {
    if (globals.json) writeJson(io.stdout, { type: 'report', report: null, upstream: 'nothing changed' });
    else writeLine(io.stdout, 'nothing changed upstream on the platforms we build: nothing to rebuild');
    return;
  }
  await build(loaded, upstream.nodes, options, globals, io, upstream);
  await upstream.afterSuccess?.();
}

async function build(
  loaded: LoadedCatalog & { root: string },
  nodes: readonly CatalogNode[],
  options: BuildOptions,
  globals: GlobalOptions,
  io: CliIo,
  upstream: Pick<UpstreamBuildPlan, 'settings' | 'reasons'>,
): Promise<void> {
  const detected = await detectBuilder(options.builder ?? loaded.catalog.builder.name);
  const settingsOfBuilder = builderSettings(loaded.catalog, io);
  const builder = createBuilder(detected.name, { ...settingsOfBuilder, binary: detected.binary });
  const inPlan = new Set(nodes.map((n) => n.id));
  const localParents = !options.push && nodes.some((n) => n.parent?.type === 'node' && inPlan.has(n.parent.id));
  assertCapabilities(builder, { ociExport: true, localParents });
  const controller = new AbortController();
  const settings = { ...(await runSettings(loaded, options, io, controller.signal)), ...upstream.settings };
  const templates = await readTemplates(loaded.root, loaded.catalog);
  if (options.dryRun) {
    // A dry run writes the same build folders as a build: it holds the same lock while it does.
    const lock = await acquireRunLock(
      settings.out,
      { command: commandLine(), registry: settings.registry, started: '' },
      new Date(),
    );
    try {
      const jobs = await prepareJobs({ loaded, nodes, templates, settings });
      for (const line of dryRunCommands([...jobs.values()], builder, settings, loaded.catalog.labels.prefix)) {
        writeLine(io.stdout, line);
      }
    } finally {
      await lock.release();
    }
    return;
  }
  const view = progressFor(io.stdout, { json: globals.json, ci: Boolean(io.env.CI) });
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let report: BuildReport;
  try {
    const registry = new RegistryClient({ env: io.env });
    const ports = {
      builder,
      registry,
      runCommand: runProcess,
      smokeTest: createSmokeTester(detected.name, { ...settingsOfBuilder, binary: detected.binary }),
      readImageConfig: readOciConfig,
    };
    const previous = await readPreviousReport(resolve(settings.out, LAST_REPORT));
    const input = {
      loaded,
      nodes,
      templates,
      settings: { ...settings, onEvent: view.onEvent },
      ports,
      command: commandLine(),
      ...(upstream.reasons ? { selectedBy: upstream.reasons } : {}),
    };
    report = await runBuild(input, previous);
  } finally {
    view.close();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (options.report) await writeReport(resolve(io.cwd, options.report), report);
  if (globals.json) writeJson(io.stdout, { type: 'report', report });
  else printSummary(io.stdout, report);
  if (!succeeded(report)) throw new ReportedFailure('the build did not complete', report.interrupted ? 130 : 1);
}

async function runSettings(
  loaded: LoadedCatalog & { root: string },
  options: BuildOptions,
  io: CliIo,
  signal: AbortSignal,
): Promise<BuildRunSettings> {
  const jobs = options.jobs === undefined ? defaultJobs() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a whole number from 1, not "${options.jobs}"`);
  const source = await sourceInfo(loaded.root, io);
  const out = options.out ? resolve(io.cwd, options.out) : resolve(loaded.root, DEFAULT_BUILD_DIR);
  return {
    registry: loaded.catalog.registry,
    push: options.push ?? false,
    jobs,
    failFast: options.failFast ?? false,
    allowDowngrade: options.allowDowngrade ?? false,
    skipTests: !options.test,
    root: loaded.root,
    out,
    sourceDate: source.date,
    revision: source.revision,
    buildArgOverrides: mirrorOverrides(loaded.catalog, io),
    environment: io.env,
    tlsVerify: tlsVerifyFor(loaded.catalog.registry, io.env),
    signal,
    onEvent: () => {},
    ...(options.push ? { ledger: resolve(out, LEDGER_FILE) } : {}),
  };
}

function commandLine(): string {
  return ['catalog', ...process.argv.slice(2)].join(' ');
}
