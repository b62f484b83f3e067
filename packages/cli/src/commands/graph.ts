import { formatGraph, GRAPH_FORMATS, type GraphFormat } from '@catalog/core';
import { type Command, Option } from 'commander';
import type { CliIo, GlobalOptions } from '../io.js';
import { loadCatalogFile } from '../load.js';

export function registerGraph(program: Command, io: CliIo): void {
  program
    .command('graph')
    .description('show the image hierarchy')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('text'))
    .action(async (options: { format: GraphFormat }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const { graph } = await loadCatalogFile(globals, io, { tags: false });
      io.stdout.write(formatGraph(graph, globals.json ? 'json' : options.format));
    });
}
