import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { LintOptions } from './lint-options.js';

export function registerLint(program: Command, io: CliIo): void {
  program
    .command('lint')
    .description("check Dockerfiles against container best practices (default: the catalog's, rendered)")
    .argument('[files...]', 'Dockerfiles to lint, e.g. the ones your apps build FROM our bases')
    .option('--require-digest', 'warn about FROM by tag where a digest is expected')
    .action(async (files: string[], options: LintOptions, command: Command) => {
      const { lintAction } = await import('./lint-action.js');
      await lintAction(files, options, command, io);
    });
}
