import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { AppBuildOptions } from './app-options.js';

const BUILD_HELP = `
Builds an application image from its source folder alone, with the Source-to-Image (S2I) contract
that OpenShift's builder runs: the builder image (a framework image with an
io.openshift.s2i.scripts-url label, e.g. flask) gets the source in /tmp/src, its assemble script
installs requirements.txt from the catalog's PyPI mirror (CATALOG_MIRROR_PYPI) and copies the app;
its run script is the image's command. Built with the catalog's builder (buildah); the image stays
in the builder's local storage under --tag. The build context is written to out/app-build/<tag>/.`;

export function registerApp(program: Command, io: CliIo): void {
  const app = program.command('app').description('build application images on the catalog images');
  app
    .command('build')
    .description('build an app image from a source folder with a Source-to-Image builder image (no Dockerfile)')
    .argument('<src>', 'the source folder (app.py, requirements.txt, ...)')
    .requiredOption('--from <image[:tag]>', 'the S2I builder image: an image (its recommended tag) or image:tag')
    .requiredOption('--tag <name>', 'the name of the built image, e.g. hello-s2i')
    .option('--builder <name>', "the builder engine (default: the catalog's builder.name)")
    .addHelpText('after', BUILD_HELP)
    .action(async (src: string, options: AppBuildOptions, command: Command) => {
      const { appBuildAction } = await import('./app-action.js');
      await appBuildAction(src, options, command, io);
    });
  for (const command of app.commands) command.exitOverride().configureOutput(program.configureOutput());
}
