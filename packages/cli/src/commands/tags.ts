import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAffected, addSelection } from '../selection.js';
import type { TagsOptions } from './tags-options.js';

export function registerTags(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('tags')))
    .description('show the tags each node is published under, and its next immutable tag from the registry')
    .option('--offline', 'do not read the registry: next immutable tags assume nothing is published yet')
    .action(async (selectors: string[], options: TagsOptions, command: Command) => {
      const { tagsAction } = await import('./tags-action.js');
      await tagsAction(selectors, options, command, io);
    });
}
