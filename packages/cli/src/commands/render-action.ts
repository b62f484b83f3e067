import { relative, resolve } from 'node:path';
import { runProcess } from '@catalog/builders';
import { type CatalogNode, nodePrepareStep, ReportedFailure, renderNodes } from '@catalog/core';
import { readTemplates, runPrepareStep, type WrittenNode, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { type LoadedCatalogFile, loadCatalogFile } from '../load.js';
import { selectForCommand } from '../selection.js';
import { DEFAULT_BUILD_DIR } from './build-options.js';
import { DEFAULT_RENDER_DIR, type RenderOptions } from './render-options.js';

export async function renderAction(
  selectors: string[],
  options: RenderOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io, { tags: false });
  const nodes = await selectForCommand(loaded, selectors, options);
  const rendered = renderNodes(loaded, nodes, await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap));
  const out = options.out ? resolve(io.cwd, options.out) : resolve(loaded.root, DEFAULT_RENDER_DIR);
  const written = await writeRendered(loaded.root, out, rendered, {
    skip: [resolve(loaded.root, DEFAULT_BUILD_DIR)],
    source: loaded,
  });
  if (options.prepare) await prepareAll(loaded, nodes, written, io);
  const shown = (dir: string): string => {
    const path = relative(io.cwd, dir);
    return path.startsWith('..') ? dir : path || '.';
  };
  if (globals.json) {
    return writeJson(io.stdout, { out, images: written.map((w) => ({ id: w.id, dir: w.dir })) });
  }
  for (const w of written) writeLine(io.stdout, `${w.id} → ${shown(w.dir)}/Dockerfile`);
  writeLine(io.stdout, `rendered ${written.length} node${written.length === 1 ? '' : 's'} into ${shown(out)}`);
}

/** `render --prepare`: each node's prepare step, its file copied into the rendered folder (as a build does). */
async function prepareAll(
  loaded: LoadedCatalogFile,
  nodes: readonly CatalogNode[],
  written: readonly WrittenNode[],
  io: CliIo,
): Promise<void> {
  for (const [i, node] of nodes.entries()) {
    const prepare = nodePrepareStep(loaded.catalog, loaded.graph, node);
    const dir = written[i]?.dir;
    if (!prepare || !dir) continue;
    try {
      await runPrepareStep(prepare, { root: loaded.root, dir, runCommand: runProcess });
    } catch (error) {
      writeLine(io.stderr, `catalog: ${node.id}: ${(error as Error).message}`);
      throw new ReportedFailure(`${node.id}: prepare step failed`, 1);
    }
    writeLine(io.stderr, `${node.id}: prepared ${prepare.file}`);
  }
}
