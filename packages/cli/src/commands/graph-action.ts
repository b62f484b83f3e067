import { formatGraph } from '@catalog/core';
import type { Command } from 'commander';
import type { CliIo, GlobalOptions } from '../io.js';
import { loadCatalogFile } from '../load.js';
import type { GraphOptions } from './graph-options.js';

export async function graphAction(options: GraphOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const { graph } = await loadCatalogFile(globals, io, { tags: false });
  io.stdout.write(formatGraph(graph, globals.json ? 'json' : options.format));
}
