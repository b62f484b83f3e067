import { GRAPH_FORMATS } from '@catalog/core';
import { type Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import type { GraphOptions } from './graph-options.js';

export function registerGraph(program: Command, io: CliIo): void {
  program
    .command('graph')
    .description('show the image hierarchy')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('text'))
    .action(async (options: GraphOptions, command: Command) => {
      const { graphAction } = await import('./graph-action.js');
      await graphAction(options, command, io);
    });
}
