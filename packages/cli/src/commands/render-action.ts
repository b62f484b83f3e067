import { relative, resolve } from 'node:path';
import { renderNodes } from '@catalog/core';
import { readTemplates, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
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
