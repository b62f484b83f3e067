import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addSelection } from '../selection.js';
import type { SourcesOptions } from './sources-options.js';

const SOURCES_HELP = `
Lists, per node, what its variables say it downloads: a \`source\` mapping or a \`sources\` list of
mappings ({ url, sha256 } for a file, { type, ... } for other fetches such as { type: debian,
package }) and the pip pins of a \`requirements\` list. Then the catalog's mirrors with their
CATALOG_MIRROR_<NAME> overrides, and the Debian security archive \`catalog upstream check\` reads.
A malformed source (not a mapping, a url without sha256) is an error with its position (exit 1).`;

export function registerSources(program: Command, io: CliIo): void {
  addSelection(program.command('sources'))
    .description('list what the catalog downloads: sources, pip requirements, mirrors and the security archive')
    .addHelpText('after', SOURCES_HELP)
    .action(async (selectors: string[], options: SourcesOptions, command: Command) => {
      const { sourcesAction } = await import('./sources-action.js');
      await sourcesAction(selectors, options, command, io);
    });
}
