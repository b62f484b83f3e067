import { join, resolve } from 'node:path';
import {
  assertCapabilities,
  assertRunMounts,
  type Builder,
  type CosignSettings,
  createBuilder,
  createCosign,
  createSmokeTester,
  type DetectedBuilder,
  detectBuilder,
  readOciConfig,
  removeStaleTestContainers,
  runProcess,
} from '@catalog/builders';
import {
  type BuildReport,
  type CatalogNode,
  canonicalPlatform,
  type LoadedCatalog,
  ReportedFailure,
  renderNodes,
  succeeded,
  UsageError,
} from '@catalog/core';
import { tlsVerifyFor } from '@catalog/registry';
import {
  type BuildPorts,
  type BuildRunSettings,
  defaultCacheDir,
  LAST_REPORT,
  readTemplates,
  recordingPorts,
  runBuild,
  writeReport,
} from '@catalog/runner';
import type { Command } from 'commander';
import { builderSettings, defaultJobs, mirrorOverrides, sourceInfo } from '../build-environment.js';
import { authFileOf, builderAuth } from '../builder-auth.js';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { progressFor } from '../output/build-progress.js';
import { printSummary } from '../output/build-summary.js';
import { dryRunView } from '../output/dry-run-view.js';
import { registryClient } from '../registry-client.js';
import { selectForCommand } from '../selection.js';
import { signingFor, withRegistryAuth } from '../signing.js';
import { explicitWorkDir, registryWorkDir } from '../work-dir.js';
import { type BuildOptions, DEFAULT_BUILD_DIR, LEDGER_FILE } from './build-options.js';
import { hostPlatform, parentsBuiltElsewhere } from './build-parents.js';
import { onlyPlatform } from './build-platform.js';
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
  // The last report orders the queue; a damaged one stops the command before anything runs.
  const out = await outDir(loaded, options, io);
  const previous = await readPreviousReport(resolve(out, LAST_REPORT), io.cwd);
  const selected = await selectForCommand(loaded, selectors, options);
  // One signal for the whole command: the upstream check's requests stop with the build's.
  await withCommandSignal(async (signal) => {
    const upstream = await upstreamPlan(loaded, selected, options, globals, io, signal);
    if (options.upstreamChanged && upstream.nodes.length === 0) {
      if (globals.json) writeJson(io.stdout, { type: 'report', report: null, upstream: 'nothing changed' });
      else writeLine(io.stdout, 'nothing changed upstream on the platforms we build: nothing to rebuild');
      return;
    }
    const only = options.platform
      ? onlyPlatform(upstream.nodes, options.platform, {
          push: options.push ?? false,
          publish: options.publish !== false,
        })
      : undefined;
    await build(loaded, only?.nodes ?? upstream.nodes, options, globals, io, { ...upstream, previous, out, signal });
    await upstream.afterSuccess?.();
  });
}

async function build(
  loaded: LoadedCatalog & { root: string },
  nodes: readonly CatalogNode[],
  options: BuildOptions,
  globals: GlobalOptions,
  io: CliIo,
  upstream: Pick<UpstreamBuildPlan, 'settings' | 'reasons'> & {
    readonly previous: BuildReport | undefined;
    readonly out: string;
    readonly signal: AbortSignal;
  },
): Promise<void> {
  const detected = await detectBuilder(options.builder ?? loaded.catalog.builder.name);
  const settingsOfBuilder = builderSettings(loaded.catalog, io);
  const builder = createBuilder(detected.name, { ...settingsOfBuilder, binary: detected.binary });
  const inPlan = new Set(nodes.map((n) => n.id));
  const localParents = !options.push && nodes.some((n) => n.parent?.type === 'node' && inPlan.has(n.parent.id));
  // kaniko builds one platform per run: a node built for several is refused before anything starts.
  assertCapabilities(builder, {
    ociExport: true,
    localParents,
    multiPlatform: nodes.some((n) => n.platforms.length > 1),
  });
  const signal = upstream.signal;
  const base = await runSettings(loaded, options, io, signal, upstream.out);
  const signing = options.push ? await signingFor(loaded, options, io, detected.name) : undefined;
  const settings = {
    ...base,
    ...(options.parentsFrom
      ? { builtElsewhere: await parentsBuiltElsewhere(loaded, options.parentsFrom, base, io) }
      : {}),
    ...upstream.settings,
    ...(signing ? { supply: signing.supply } : {}),
  };
  const templates = await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap);
  // kaniko ignores RUN --mount: such a plan is rejected here, naming the node and the line.
  if (!builder.capabilities.runMounts) assertRunMounts(builder, renderNodes(loaded, nodes, templates));
  const view = options.dryRun
    ? globals.json
      ? progressFor(io.stdout, io.stderr, { json: true, ci: true })
      : dryRunView(
          io.stdout,
          io.stderr,
          nodes.map((n) => n.id),
        )
    : progressFor(io.stdout, io.stderr, { json: globals.json, ci: Boolean(io.env.CI) });
  // The first signal stops the run (summary, lock released, exit 130); a second one exits at once
  // (the lock and the builder's auth file are removed by their exit hooks): see withCommandSignal.
  let report: BuildReport;
  const auth = await builderAuth(loaded.catalog.registry, nodes, io, options.dryRun);
  for (const dir of auth.removedStale ?? [])
    view.onEvent({ type: 'warning', message: `removed ${dir}, the registry auth file of a run that is gone` });
  for (const line of signing?.notice ?? []) writeLine(io.stderr, `catalog: ${line}`);
  try {
    const cosign = withRegistryAuth(signing?.supply.signing === 'off' ? undefined : signing?.cosign, auth.authFile);
    const ports = buildPorts(detected, builder, settingsOfBuilder, {
      io,
      signal,
      dryRun: options.dryRun,
      cosign,
      out: upstream.out,
    });
    const input = {
      loaded,
      nodes,
      templates,
      settings: { ...settings, ...authFileOf(auth), onEvent: view.onEvent },
      ports,
      command: commandLine(),
      ...(upstream.reasons ? { selectedBy: upstream.reasons } : {}),
    };
    report = await runBuild(input, upstream.previous);
  } finally {
    await auth.remove();
    view.close();
  }
  if (options.dryRun) {
    if (!succeeded(report)) throw new ReportedFailure('the dry run found nodes that would not build', 1);
    return;
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
  out: string,
): Promise<BuildRunSettings> {
  if (options.publish === false && !options.push)
    throw new UsageError(
      '--no-publish needs --push: without it nothing is pushed, so there is nothing to publish later',
    );
  const jobs = options.jobs === undefined ? defaultJobs() : Number(options.jobs);
  if (!Number.isInteger(jobs) || jobs < 1)
    throw new UsageError(`--jobs must be a whole number from 1, not "${options.jobs}"`);
  const source = await sourceInfo(loaded.root, io);
  return {
    registry: loaded.catalog.registry,
    push: options.push ?? false,
    publish: options.publish !== false,
    platform: options.platform ? (canonicalPlatform(options.platform) ?? options.platform) : hostPlatform(),
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
    ...(options.push && options.publish !== false ? { ledger: resolve(out, LEDGER_FILE) } : {}),
    // One writer per repository on this machine, whichever clone it runs from (a dry run writes none).
    ...(options.push && options.publish !== false && !options.dryRun
      ? { publishLocks: join(defaultCacheDir(io.env), 'locks') }
      : {}),
  };
}

/**
 * The run's working folder: --out (refused when it holds another registry's state), else out/ next
 * to the catalog when it holds this registry's state (or none yet), else out/registries/<registry>/
 * (see registryWorkDir).
 */
async function outDir(loaded: LoadedCatalog & { root: string }, options: BuildOptions, io: CliIo): Promise<string> {
  const registry = loaded.catalog.registry;
  if (options.out) return explicitWorkDir(resolve(io.cwd, options.out), registry, !options.dryRun);
  return registryWorkDir(resolve(loaded.root, DEFAULT_BUILD_DIR), registry, !options.dryRun);
}

/** The run's edges: the real ones, or (a dry run) the same edges recording instead of acting. */
function buildPorts(
  detected: DetectedBuilder,
  builder: Builder,
  settingsOfBuilder: ReturnType<typeof builderSettings>,
  run: { io: CliIo; signal: AbortSignal; dryRun?: boolean; cosign: CosignSettings | undefined; out: string },
): BuildPorts {
  const engine = { ...settingsOfBuilder, binary: detected.binary };
  const registry = registryClient(run.io, run.signal);
  if (run.dryRun)
    return recordingPorts({
      adapter: builder,
      registry,
      runCommand: runProcess,
      smokeTester: (runFn, containerName) => createSmokeTester(detected.name, engine, runFn, {}, containerName),
      out: run.out,
      ...(run.cosign ? { cosign: run.cosign } : {}),
    });
  return {
    builder,
    registry,
    runCommand: runProcess,
    smokeTest: createSmokeTester(detected.name, engine),
    readImageConfig: readOciConfig,
    removeLeftovers: async () =>
      (await removeStaleTestContainers(detected.name, engine)).map((name) => `the smoke-test container ${name}`),
    ...(run.cosign ? { cosign: createCosign(run.cosign) } : {}),
  };
}

function commandLine(): string {
  return ['catalog', ...process.argv.slice(2)].join(' ');
}
