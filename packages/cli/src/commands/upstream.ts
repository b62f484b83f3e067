import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { UpstreamOptions, VersionsOptions } from './upstream-options.js';

const LOCK_HELP = 'the lock file (default: catalog.lock.yaml next to the catalog)';

const CHECK_HELP = `
Checks what changed upstream since the lock: each external parent's digest on the platforms the
catalog builds (catalog.lock.yaml), the Debian packages of published images against their security
suite, and images older than their rebuildAfter. Lists the nodes that selects (and their descendants).

Exit codes: 0 nothing changed, 3 rebuilds are due (run \`catalog build --upstream-changed --push\`),
1 an error (unreachable registry or mirror, refused credentials, malformed answers).`;

const VERSIONS_HELP = `
Reads, for each image with \`updates:\` (or the IMAGES named), the index its source announces
releases in — python.org's release index (cpython), the project's PEP 691 JSON page (pypi), a
suite's Sources or Packages index with its signature checked (debian), a repository's tags (oci) —
from the catalog's \`mirrors:\` (CATALOG_MIRROR_<NAME> overrides), and lists the newer releases its
policy allows (patch: the same major.minor; minor: the same major; never a pre-release unless
\`prereleases: true\`), with the checksum the index publishes.

--write writes them into the catalog file in place: a new release replaces the version it
supersedes (its \`from:\` references follow) or, with \`keep: true\`, is added beside it; URLs and
sha256 of its entry are updated; only those lines change. The result is validated before it is
written (atomically); on any error the file is left as it was.

Exit codes: 0 nothing new, 3 new releases (listed, or written with --write), 1 an error
(unreachable or malformed index, a missing checksum, a bad signature).`;

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
  upstream
    .command('versions')
    .description('list the new upstream releases each image may take (exit 3 when there are some); --write adds them')
    .argument('[images...]', 'only these images (default: every image with updates:)')
    .option('--write', 'write the new releases into the catalog file (comments and formatting kept)')
    .addHelpText('after', VERSIONS_HELP)
    .action(async (images: string[], options: VersionsOptions, command: Command) => {
      const { upstreamVersionsAction } = await import('./upstream-versions-action.js');
      await upstreamVersionsAction(images, options, command, io);
    });
  for (const command of upstream.commands) command.exitOverride().configureOutput(program.configureOutput());
}
