import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAffected, addSelection } from '../selection.js';
import type { TestOptions } from './test-options.js';

export function registerTest(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('test')))
    .description('run the smoke tests of published images, pulled from the registry, and check their labels')
    .action(async (selectors: string[], options: TestOptions, command: Command) => {
      const { testAction } = await import('./test-action.js');
      await testAction(selectors, options, command, io);
    });
}
