import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAffected, addSelection } from '../selection.js';
import { DEFAULT_RENDER_DIR, type RenderOptions } from './render-options.js';

export function registerRender(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('render')))
    .description("write each node's Dockerfile and build context to <out>/<image>/<version>[-<variant>]/")
    .option('--out <dir>', `output folder (default: ${DEFAULT_RENDER_DIR} next to the catalog)`)
    .option(
      '--prepare',
      "also run each image's prepare step (e.g. tools/base-rootfs.sh) into its folder: complete build contexts for `plan --format bake`",
    )
    .action(async (selectors: string[], options: RenderOptions, command: Command) => {
      const { renderAction } = await import('./render-action.js');
      await renderAction(selectors, options, command, io);
    });
}
