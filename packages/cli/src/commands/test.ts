import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { type AffectedOptions, addAffected, addSelection, type SelectionOptions } from '../selection.js';

export function registerTest(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('test')))
    .description('run the smoke tests of published images, pulled from the registry, and check their labels')
    .action(async (selectors: string[], options: SelectionOptions & AffectedOptions, command: Command) => {
      const { testAction } = await import('./test-action.js');
      await testAction(selectors, options, command, io);
    });
}
