import { UsageError } from '@catalog/core';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { SELECTORS_HELP } from '../selection.js';
import type { PublishOptions } from './publish-options.js';

export function registerPublish(program: Command, io: CliIo): void {
  program
    .command('publish')
    .description(
      'tag what many machines built: merge their build reports (`build --push --no-publish`), check every image is in the registry, push platform indexes, then move tags as `build --push` does',
    )
    .argument('[reports...]', 'build report files, or folders holding them (*.json, searched recursively)')
    .option(
      '--bake-metadata <file>',
      'the metadata file of `docker buildx bake --metadata-file FILE` run on `plan --format bake`: its images, pushed by digest, published as built at this checkout',
    )
    .option('--select <selectors...>', `the nodes the reports should cover: ${SELECTORS_HELP}`)
    .option(
      '--platform <platforms...>',
      "the platforms every node must have an image for; a node missing one is not tagged (default: each node's platforms in the catalog)",
    )
    .option('--allow-downgrade', 'let a floating tag move to a lower version')
    .option('--dry-run', 'print the tags and indexes it would write, writing nothing')
    .option(
      '--no-sign',
      'leave the image indexes it pushes unsigned (also signing: off in the catalog, CATALOG_SIGNING=off); by default they are signed as `build --push` signs',
    )
    .option('--report <file>', 'write the merged report (with the tags applied) here')
    .option('--out <dir>', 'working folder holding the publish ledger (default: as `catalog build`)')
    .addHelpText(
      'after',
      '\nExit codes: 0 every node tagged, 1 refused reports or images missing from the registry (no tag moved), or some subtree left untagged (listed), 2 wrong command line, 130 interrupted.',
    )
    .action(async (reports: string[], options: PublishOptions, command: Command) => {
      if (reports.length === 0 && !options.bakeMetadata)
        throw new UsageError('give the build reports to publish (files or folders), or --bake-metadata FILE');
      const { publishAction } = await import('./publish-action.js');
      await publishAction(reports, options, command, io);
    });
}
