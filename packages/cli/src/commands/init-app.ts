import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import type { InitAppOptions } from './init-app-options.js';

export function registerInitApp(program: Command, io: CliIo): void {
  program
    .command('init-app')
    .description(
      'scaffold an application folder built FROM one of the catalog images (Dockerfile, .dockerignore, README)',
    )
    .argument('<name>', 'the app name: its folder and image name (lower-case letters, digits, ".", "_", "-")')
    .requiredOption('--from <image[:tag]>', 'the base: an image (its recommended tag) or image:tag from the tag plan')
    .option('--dir <dir>', 'where to create the app (default: ./<name>); must not exist or be empty')
    .option('--no-pin', 'write the rolling tag instead of pinning the -rN build it names now (no registry read)')
    .action(async (name: string, options: InitAppOptions, command: Command) => {
      const { initAppAction } = await import('./init-app-action.js');
      await initAppAction(name, options, command, io);
    });
}
