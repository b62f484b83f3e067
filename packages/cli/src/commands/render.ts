import { relative, resolve } from 'node:path';
import { renderNodes, selectNodes } from '@catalog/core';
import { readTemplates, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { addSelection, type SelectionOptions } from '../selection.js';

/** Where rendered Dockerfiles go by default, relative to the catalog (git-ignored). */
export const DEFAULT_RENDER_DIR = 'out/render';

interface RenderOptions extends SelectionOptions {
  readonly out?: string;
}

export function registerRender(program: Command, io: CliIo): void {
  addSelection(program.command('render'))
    .description("write each node's Dockerfile and build context to <out>/<image>/<version>[-<variant>]/")
    .option('--out <dir>', `output folder (default: ${DEFAULT_RENDER_DIR} next to the catalog)`)
    .action(async (selectors: string[], options: RenderOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const loaded = await loadCatalogFile(globals, io);
      const nodes = selectNodes(loaded.graph, selectors, options);
      const rendered = renderNodes(loaded, nodes, await readTemplates(loaded.root, loaded.catalog));
      const out = options.out ? resolve(io.cwd, options.out) : resolve(loaded.root, DEFAULT_RENDER_DIR);
      const written = await writeRendered(loaded.root, out, rendered);
      const shown = (dir: string): string => {
        const path = relative(io.cwd, dir);
        return path.startsWith('..') ? dir : path || '.';
      };
      if (globals.json) {
        return writeJson(io.stdout, { out, images: written.map((w) => ({ id: w.id, dir: w.dir })) });
      }
      for (const w of written) writeLine(io.stdout, `${w.id} → ${shown(w.dir)}/Dockerfile`);
      writeLine(io.stdout, `rendered ${written.length} node${written.length === 1 ? '' : 's'} into ${shown(out)}`);
    });
}
