import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { UpstreamOptions } from './upstream-options.js';

const LOCK_HELP = 'the lock file (default: catalog.lock.yaml next to the catalog)';

const CHECK_HELP = `
Checks what changed upstream since the lock: each external parent's digest on the platforms the
catalog builds (catalog.lock.yaml), the Debian packages of published images against their security
suite, and images older than their rebuildAfter. Lists the nodes that selects (and their descendants).

Exit codes: 0 nothing changed, 3 rebuilds are due (run \`catalog build --upstream-changed --push\`),
1 an error (unreachable registry or mirror, refused credentials, malformed answers).`;

export function registerUpstream(program: Command, io: CliIo): void {
  const upstream = program
    .command('upstream')
    .description('watch the upstream images and Debian packages the catalog is built from');
  upstream
    .command('check')
    .description('report what changed upstream and which nodes need a rebuild (exit 3 when rebuilds are due)')
    .option('--lock <file>', LOCK_HELP)
    .addHelpText('after', CHECK_HELP)
    .action(async (options: UpstreamOptions, command: Command) => {
      const { upstreamCheckAction } = await import('./upstream-action.js');
      await upstreamCheckAction(options, command, io);
    });
  upstream
    .command('update')
    .description('resolve every external parent again and rewrite the lock file with the new digests')
    .option('--lock <file>', LOCK_HELP)
    .action(async (options: UpstreamOptions, command: Command) => {
      const { upstreamUpdateAction } = await import('./upstream-action.js');
      await upstreamUpdateAction(options, command, io);
    });
  for (const command of upstream.commands) command.exitOverride().configureOutput(program.configureOutput());
}
