import type { Command } from 'commander';

/** The selection every plan-shaped command accepts: selectors plus --ancestors / --descendants. */
export interface SelectionOptions {
  readonly ancestors?: boolean;
  readonly descendants?: boolean;
}

export const SELECTORS_HELP = 'image, image:version, image:version-variant or kind:<kind> (default: every node)';

export function addSelection(command: Command): Command {
  return command
    .argument('[selectors...]', SELECTORS_HELP)
    .option('--ancestors', 'also select what the selected nodes are built FROM')
    .option('--descendants', 'also select what is built FROM the selected nodes');
}
