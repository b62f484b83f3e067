import type { Command } from 'commander';
import type { CliIo } from '../io.js';

export function registerValidate(program: Command, io: CliIo): void {
  program
    .command('validate')
    .description('check catalog.yaml: structure, parents, cycles, versions; prints every problem with file:line:col')
    .action(async (_options: unknown, command: Command) => {
      const { validateAction } = await import('./validate-action.js');
      await validateAction(command, io);
    });
}
