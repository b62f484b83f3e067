import {
  baseImageOf,
  computeTags,
  createPlan,
  PLAN_FORMATS,
  type PlanEntry,
  type PlanFormat,
  planAsBake,
  planAsGithubMatrix,
  renderFolder,
} from '@catalog/core';
import { type Command, Option } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { catalogLocation, loadCatalogFile } from '../load.js';
import { type AffectedOptions, addAffected, addSelection, type SelectionOptions } from '../selection.js';
import { DEFAULT_RENDER_DIR } from './render.js';

export function registerPlan(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('plan')))
    .description('list the nodes to build, parents first')
    .addOption(
      new Option(
        '--format <format>',
        'text, json, bake (docker buildx bake file of the rendered folders) or github-matrix',
      )
        .choices(PLAN_FORMATS)
        .default('text'),
    )
    .action(
      async (
        selectors: string[],
        options: SelectionOptions & AffectedOptions & { format: PlanFormat },
        command: Command,
      ) => {
        const globals = command.optsWithGlobals<GlobalOptions>();
        const changes = options.affected || options.files ? await beginChanges(globals, io, options) : undefined;
        const loaded = await loadCatalogFile(globals, io, { tags: false });
        const affected = changes ? await changes.module.affectedSelection(loaded, options, changes.pending) : undefined;
        const only = affected ? new Map(affected.nodes.map((n) => [n.id, n.reason])) : undefined;
        const plan = createPlan(loaded.catalog, loaded.graph, { selectors, ...options, ...(only ? { only } : {}) });
        const result = affected ? { ...plan, deleted: affected.deletedTags } : plan;
        const format = globals.json ? 'json' : options.format;
        if (format === 'json') return writeJson(io.stdout, result);
        if (format === 'github-matrix') return writeJson(io.stdout, planAsGithubMatrix(plan));
        if (format === 'bake') {
          const tags = computeTags(loaded.catalog);
          const node = (entry: PlanEntry) => loaded.graph.node(entry.id);
          return writeJson(
            io.stdout,
            planAsBake(plan, {
              contextOf: (entry) => `${DEFAULT_RENDER_DIR}/${renderFolder(entry)}`,
              tagsOf: (entry) => (tags.get(entry.id)?.rolling ?? []).map((tag) => `${entry.repository}:${tag}`),
              baseImageOf: (entry) => baseImageOf(loaded.catalog, loaded.graph, node(entry)),
            }),
          );
        }
        for (const gone of result.deleted ?? []) {
          writeLine(
            io.stdout,
            `deleted ${gone.id}: nothing to build; tags to retire: ${gone.tags.join(' ') || 'none'}`,
          );
        }
        if (plan.images.length === 0)
          return writeLine(io.stdout, affected ? 'nothing affected: 0 nodes to build' : '0 nodes to build');
        const top = Math.min(...plan.images.map((entry) => entry.level));
        for (const entry of plan.images) writeLine(io.stdout, describe(entry, entry.level - top));
        writeLine(
          io.stdout,
          `${plan.images.length} node${plan.images.length === 1 ? '' : 's'} to build into ${plan.registry}`,
        );
      },
    );
}

function describe(entry: PlanEntry, depth: number): string {
  const indent = '  '.repeat(depth);
  const from =
    entry.parent === null
      ? 'from nothing'
      : `FROM ${entry.parent}${entry.parentInPlan || entry.parentType === 'external' ? '' : ' (already published)'}`;
  return `${indent}${entry.id}  ${entry.kind}, ${from}${entry.reason ? `  ← ${entry.reason}` : ''}`;
}

/** Git starts before the catalog is parsed and runs meanwhile (affected.js loads only when asked). */
async function beginChanges(globals: GlobalOptions, io: CliIo, options: AffectedOptions) {
  const module = await import('../affected.js');
  return { module, pending: module.startChanges(catalogLocation(globals, io), options) };
}
