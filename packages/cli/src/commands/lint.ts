import { type Command, Option } from 'commander';
import type { CliIo } from '../io.js';
import { collect, LINT_FORMATS, type LintOptions } from './lint-options.js';

export function registerLint(program: Command, io: CliIo): void {
  program
    .command('lint')
    .description("check Dockerfiles against container best practices (default: the catalog's, rendered)")
    .argument('[files...]', 'Dockerfiles to lint, e.g. the ones your apps build FROM our bases')
    .option('--require-digest', 'warn about FROM by tag where a digest is expected')
    .addOption(
      new Option('--format <format>', 'output: text, json, or sarif (SARIF 2.1.0, for code scanning)')
        .choices(LINT_FORMATS)
        .default('text'),
    )
    .option(
      '--ignore <rule>',
      'skip this rule in this run (repeatable, or comma-separated; a hadolint code such as DL3042 names the rule that corresponds)',
      collect,
      [],
    )
    .option('--list-rules', 'print every rule with its severity and hadolint codes, and lint nothing')
    .action(async (files: string[], options: LintOptions, command: Command) => {
      const { lintAction } = await import('./lint-action.js');
      await lintAction(files, options, command, io);
    });
}
