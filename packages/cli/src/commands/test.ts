import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addSelection, type SelectionOptions } from '../selection.js';

export function registerTest(program: Command, io: CliIo): void {
  addSelection(program.command('test'))
    .description('run the smoke tests of published images, pulled from the registry, and check their labels')
    .action(async (selectors: string[], options: SelectionOptions, command: Command) => {
      const { testAction } = await import('./test-action.js');
      await testAction(selectors, options, command, io);
    });
}
