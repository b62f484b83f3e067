import { BUILDER_NAMES } from '@catalog/builders';
import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { addAffected, addSelection } from '../selection.js';
import { type BuildOptions, DEFAULT_BUILD_DIR } from './build-options.js';

/** `--builder`'s help from the engine registry: "buildah (default), podman, docker or kaniko". */
export function builderHelp(names: readonly string[] = BUILDER_NAMES): string {
  const shown = names.map((name, i) => (i === 0 ? `${name} (default)` : name));
  return shown.length < 2 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

export function registerBuild(program: Command, io: CliIo): void {
  addAffected(addSelection(program.command('build')))
    .description('build the selected nodes in graph order; with --push publish them and move their tags')
    .option('--push', 'push by digest, then tag every node whose whole selected subtree built')
    .option(
      '--no-publish',
      'with --push: push by digest only, move no tag; `catalog publish` tags the reports of many machines',
    )
    .option(
      '--platform <platform>',
      "build only this one of each node's platforms (a pipeline's job per platform; with --push needs --no-publish)",
    )
    .option(
      '--parents-from <reports...>',
      'build reports (files or folders) of parents built on other machines: children here are built FROM their digests',
    )
    .option('--builder <name>', builderHelp())
    .option('--jobs <n>', 'how many builds run at once (default: the number of CPUs)')
    .option('--fail-fast', 'stop everything after the first failure')
    .option('--dry-run', 'print the builder commands in order without running them')
    .option('--allow-downgrade', 'let a floating tag move to a lower version')
    .option('--no-test', 'skip the smoke tests after each build')
    .option(
      '--no-sign',
      'publish unsigned: no cosign signature or signed SBOM/provenance attestations (also signing: off in the catalog, CATALOG_SIGNING=off)',
    )
    .option('--report <file>', 'write the machine-readable report here too')
    .option(
      '--out <dir>',
      `working folder, never shared by two registries (default: ${DEFAULT_BUILD_DIR} next to the catalog; ${DEFAULT_BUILD_DIR}/registries/<registry> for a registry other than the one ${DEFAULT_BUILD_DIR} holds)`,
    )
    .option(
      '--upstream-changed',
      'only what `catalog upstream check` selects (changed upstream digests, Debian security fixes, rebuildAfter), with their descendants; with --push the lock is updated after a complete publish',
    )
    .option('--lock <file>', 'the lock file pinning external parents (default: catalog.lock.yaml next to the catalog)')
    .action(async (selectors: string[], options: BuildOptions, command: Command) => {
      const { buildAction } = await import('./build-action.js');
      await buildAction(selectors, options, command, io);
    });
}
