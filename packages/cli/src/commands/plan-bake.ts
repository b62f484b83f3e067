import {
  baseImageOf,
  hasBuildStages,
  imageSpec,
  type Plan,
  type PlanEntry,
  planAsBake,
  renderFolder,
  renderNodes,
  UsageError,
} from '@catalog/core';
import { readTemplates } from '@catalog/runner';
import { withCommandSignal } from '../command-signal.js';
import type { CliIo } from '../io.js';
import type { LoadedCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { DEFAULT_RENDER_DIR } from './render-options.js';

/**
 * `plan --format bake`: the bake file of the rendered folders (`catalog render --prepare` writes
 * them complete), for `platforms`. A parent the bake does not build is pinned by digest, read from
 * the registry now (as `catalog build` pins it), so the bake cannot build on a parent that moved.
 * The nodes are rendered here too, to know which have stages on the build machine (BUILD_BASE_IMAGE).
 */
export async function bakeFile(
  loaded: LoadedCatalogFile,
  plan: Plan,
  platforms: readonly string[] | undefined,
  io: CliIo,
): Promise<Record<string, unknown>> {
  const node = (entry: PlanEntry) => loaded.graph.node(entry.id);
  const base = (entry: PlanEntry) => baseImageOf(loaded.catalog, loaded.graph, node(entry));
  const inPlan = new Set(plan.images.map((e) => e.id));
  const outside = plan.images.filter((e) => e.parent && !(e.parentType === 'node' && inPlan.has(e.parent)));
  const digests = new Map<string, string>();
  if (outside.length > 0) {
    await withCommandSignal(async (signal) => {
      const registry = registryClient(io, signal);
      for (const entry of outside) {
        const ref = base(entry) as string;
        const found = await registry.resolve(ref).catch((error: Error) => {
          throw new UsageError(`cannot pin ${entry.id}'s parent ${ref} by digest: ${error.message}`, PIN_HINT);
        });
        if (!found) throw new UsageError(`${entry.id}'s parent ${ref} is not in the registry`, PIN_HINT);
        digests.set(entry.id, found.digest);
      }
    });
  }
  const rendered = renderNodes(
    loaded,
    plan.images.map(node),
    await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap),
  );
  const buildStages = new Map(rendered.filter(hasBuildStages).map((r) => [r.id, r.family]));
  return planAsBake(plan, {
    contextOf: (entry) => `${DEFAULT_RENDER_DIR}/${renderFolder(entry)}`,
    repositoryOf: (entry) => entry.repository,
    baseImageOf: base,
    parentDigestOf: (entry) => digests.get(entry.id),
    secretsOf: (entry) => imageSpec(loaded.catalog, entry.image).secrets,
    artifactStageOf: (entry) => imageSpec(loaded.catalog, entry.image).artifact?.stage,
    buildStagesOf: (entry) => buildStages.get(entry.id),
    ...(platforms ? { platforms } : {}),
  });
}

const PIN_HINT = 'publish the parent first, or add it to the plan (--ancestors) so the bake builds it';
