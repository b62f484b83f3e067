import { join } from 'node:path';
import {
  BUILD_REPORT_SCHEMA_VERSION,
  BuildQueue,
  type BuildReport,
  type CatalogNode,
  imageSpec,
  type LoadedCatalog,
  listSources,
  type NodeReport,
  nodePrepareStep,
  nodeSmokeTests,
  type RenderInputs,
  renderNodes,
  type SourceBuiltComponent,
  summarize,
} from '@catalog/core';
import { writeRendered } from '../write-render.js';
import { ledgerWriter, recoverNotedMove } from './ledger-journal.js';
import { acquireRunLock, staleLockWarning } from './lock.js';
import { buildNode, type NodeJob, type NodeResult, type PipelineContext } from './node-pipeline.js';
import type { BuildPorts } from './ports.js';
import { runStore } from './ports.js';
import { publishTags } from './publish.js';
import { runQueue } from './run-queue.js';
import type { BuildRunSettings } from './settings.js';

export interface BuildRunInput {
  readonly loaded: LoadedCatalog;
  /** The selected nodes, parents first. */
  readonly nodes: readonly CatalogNode[];
  readonly templates: RenderInputs;
  readonly settings: BuildRunSettings;
  readonly ports: BuildPorts;
  /** Shown in the lock, so a second run can name the holder. */
  readonly command: string;
  /** Why each node was selected (`upstream … changed`, `parent <id>`), copied into the report as `selectedBy`. */
  readonly selectedBy?: ReadonlyMap<string, string>;
}

/**
 * Applies a build plan: renders the selected nodes into the output folder, builds them in graph
 * order with bounded concurrency (a node starts as soon as its parent is done), pushes by digest,
 * and only then moves tags for the subtrees that fully succeeded. Holds the run lock throughout.
 */
export async function runBuild(input: BuildRunInput, previous?: BuildReport): Promise<BuildReport> {
  const { settings } = input;
  const started = new Date();
  const lock = await acquireRunLock(
    settings.out,
    { command: input.command, registry: settings.registry, started: '' },
    started,
  );
  if (lock.takenOver) settings.onEvent({ type: 'warning', message: staleLockWarning(lock.file, lock.takenOver) });
  try {
    for (const left of (await input.ports.removeLeftovers?.()) ?? [])
      settings.onEvent({ type: 'warning', message: `removed ${left}, left by a run that is gone` });
    const store = runStore({ ports: input.ports, settings });
    const recovered = settings.push ? await recoverNotedMove(store, input.ports.registry) : undefined;
    if (recovered) settings.onEvent({ type: 'warning', message: recovered });
    const jobs = await prepareJobs(input);
    settings.onEvent({
      type: 'plan',
      nodes: input.nodes.map((n) => n.id),
      jobs: settings.jobs,
      builder: input.ports.builder.name,
    });
    const results = new Map<string, NodeResult>();
    const context: PipelineContext = {
      catalog: input.loaded.catalog,
      graph: input.loaded.graph,
      settings,
      ports: input.ports,
      results,
    };
    const durations = new Map(previous?.nodes.map((n) => [n.id, n.durationMs ?? 0]));
    const queue = new BuildQueue(input.loaded.graph, input.nodes, (node) => Math.max(1, durations.get(node.id) ?? 1));
    await runQueue(queue, {
      jobs: settings.jobs,
      failFast: settings.failFast,
      ...(settings.signal ? { signal: settings.signal } : {}),
      run: async (node, signal) => {
        const result = await buildNode(jobs.get(node.id) as NodeJob, context, signal);
        results.set(node.id, result);
        settings.onEvent({ type: 'node', ...pick(result) });
        return result.status !== 'failed';
      },
      onSkip: (skipped) => {
        for (const { id, reason } of skipped) {
          results.set(id, { id, status: 'skipped', reason });
          settings.onEvent({ type: 'node', id, status: 'skipped', reason });
        }
      },
    });
    const interrupted = settings.signal?.aborted ?? false;
    // Each tag's ledger line is written (and synced) as the tag moves, before the next one moves.
    const ledger = ledgerWriter(store, input.command);
    const publish =
      settings.push && settings.publish !== false && !interrupted
        ? await publishTags({
            ...input.loaded,
            nodes: input.nodes,
            results,
            registry: input.ports.registry,
            settings,
            ...ledger,
            command: input.command,
          })
        : undefined;
    // A signal during the tag phase interrupts the run too.
    const report = makeReport(input, results, publish, interrupted || (settings.signal?.aborted ?? false), started);
    await store.writeReport(report);
    return report;
  } finally {
    await lock.release();
  }
}

/** Renders and writes every selected node, with its prepare step and smoke tests resolved. */
export async function prepareJobs(
  input: Pick<BuildRunInput, 'loaded' | 'nodes' | 'templates' | 'settings'>,
): Promise<Map<string, NodeJob>> {
  const { catalog, graph } = input.loaded;
  const rendered = renderNodes(input.loaded, input.nodes, input.templates);
  const written = await writeRendered(input.settings.root, join(input.settings.out, 'build'), rendered, {
    skip: [input.settings.out],
    source: input.loaded,
  });
  const jobs = new Map<string, NodeJob>();
  input.nodes.forEach((node, i) => {
    const prepare = nodePrepareStep(catalog, graph, node);
    const { artifact } = imageSpec(catalog, node.image);
    const lineage = [...input.loaded.graph.ancestors(node.id)].reverse().concat(node);
    jobs.set(node.id, {
      node,
      rendered: rendered[i] as NonNullable<(typeof rendered)[number]>,
      dir: written[i]?.dir as string,
      secrets: imageSpec(catalog, node.image).secrets,
      ...(prepare ? { prepare } : {}),
      ...(artifact ? { artifact } : {}),
      tests: nodeSmokeTests(catalog, graph, node),
      builtFromSource: builtFromSource(input.loaded, lineage),
    });
  });
  return jobs;
}

/** What a lineage builds from source: the `source`/`sources` of each node (core's listSources). */
function builtFromSource(loaded: LoadedCatalog, lineage: readonly CatalogNode[]): SourceBuiltComponent[] {
  return listSources(loaded, lineage, {}).nodes.flatMap((listed) =>
    listed.sources.map((source) => ({
      image: listed.image,
      version: listed.version,
      url: source.url,
      sha256: source.sha256,
      type: source.type,
      declaredAt: source.declaredAt,
    })),
  );
}

function pick(result: NodeResult) {
  return {
    id: result.id,
    status: result.status,
    ...(result.reason ? { reason: result.reason } : {}),
    ...(result.digest ? { digest: result.digest } : {}),
    ...(result.durationMs !== undefined ? { durationMs: result.durationMs } : {}),
    ...(result.artifact ? { artifact: { digest: result.artifact.digest, reused: result.artifact.reused } } : {}),
  };
}

function makeReport(
  input: BuildRunInput,
  results: ReadonlyMap<string, NodeResult>,
  publish: Awaited<ReturnType<typeof publishTags>> | undefined,
  interrupted: boolean,
  started: Date,
): BuildReport {
  const nodes: NodeReport[] = input.nodes.map((node) => {
    const result = results.get(node.id) ?? { id: node.id, status: 'skipped' as const, reason: 'not started' };
    const held = publish?.held.get(node.id);
    const { pullRef: _pullRef, platforms, ...reported } = result as NodeResult & { pullRef?: string };
    return {
      ...reported,
      platform: input.settings.platform,
      ...(platforms
        ? { platforms: platforms.map(({ platform, digest, inputHash }) => ({ platform, digest, inputHash })) }
        : {}),
      ...(held && !result.reason ? { reason: held } : {}),
      tags: [...(publish?.tagged.get(node.id) ?? [])],
      ...(result.tail && result.tail.length > 0 ? { tail: result.tail } : {}),
      ...(input.selectedBy?.has(node.id) ? { selectedBy: input.selectedBy.get(node.id) } : {}),
    };
  });
  return {
    schemaVersion: BUILD_REPORT_SCHEMA_VERSION,
    registry: input.settings.registry,
    revision: input.settings.revision,
    pushed: input.settings.push,
    published: input.settings.push && input.settings.publish !== false && publish !== undefined,
    interrupted,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    summary: summarize(nodes),
    nodes,
    ...(publish?.failure ? { publishFailure: publish.failure } : {}),
  };
}
