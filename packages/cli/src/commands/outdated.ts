import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { OutdatedOptions } from './outdated-options.js';

const HELP = `
For application repositories built on the catalog's images: finds Dockerfiles (Dockerfile,
Dockerfile.*, *.Dockerfile, Containerfile) and Kubernetes manifests (*.yaml, *.yml: every image:
of a document with apiVersion and kind) that reference the catalog's registry, and reports per
reference the tag or digest used, what it resolves to now, whether a newer -rN build (security
rebuild) or a newer version in the same line is published, and whether the version is retired
(the image is in the catalog, the version no longer is). Rolling tags (3.13, 3.13.5) are current
by construction: their resolution is shown. --write pins the newest -rN tag or digest in place
(only the reference changes; written atomically; nothing is written when any reference has an error).

Exit codes: 0 everything current, 3 something is behind or retired, 1 an error (unknown image or tag,
build args in FROM, unreachable registry).`;

export function registerOutdated(program: Command, io: CliIo): void {
  program
    .command('outdated')
    .description("report FROM lines and manifest images on the catalog's images that fell behind (exit 3)")
    .argument('[paths...]', 'files or folders to search (default: the current folder)')
    .option('--write', 'update pinned -rN tags and digests that fell behind, in place')
    .addHelpText('after', HELP)
    .action(async (paths: string[], options: OutdatedOptions, command: Command) => {
      const { outdatedAction } = await import('./outdated-action.js');
      await outdatedAction(paths, options, command, io);
    });
}
