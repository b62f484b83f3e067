import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { DEFAULT_DOCS_DIR, type DocsCommandOptions } from './docs-options.js';

export function registerDocs(program: Command, io: CliIo): void {
  program
    .command('docs')
    .description('generate the catalog for application teams: a static site (index.html) and a Markdown version')
    .option('--out <dir>', `output folder (default: ${DEFAULT_DOCS_DIR} next to the catalog)`)
    .option(
      '--report <file>',
      'digests and -rN tags from this build report (default: out/last-build.json when present)',
    )
    .option('--from-registry', 'read digests, -rN tags, sizes and labels from the registry')
    .action(async (options: DocsCommandOptions, command: Command) => {
      const { docsAction } = await import('./docs-action.js');
      await docsAction(options, command, io);
    });
}
