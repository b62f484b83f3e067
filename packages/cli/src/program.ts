import { Command } from 'commander';
import { registerApp } from './commands/app.js';
import { registerBuild } from './commands/build.js';
import { registerDocs } from './commands/docs.js';
import { addExamples } from './commands/examples.js';
import { registerGraph } from './commands/graph.js';
import { registerInitApp } from './commands/init-app.js';
import { registerLint } from './commands/lint.js';
import { registerOutdated } from './commands/outdated.js';
import { registerPlan } from './commands/plan.js';
import { registerPublish } from './commands/publish.js';
import { registerRender } from './commands/render.js';
import { registerSources } from './commands/sources.js';
import { registerTags } from './commands/tags.js';
import { registerTest } from './commands/test.js';
import { registerUpstream } from './commands/upstream.js';
import { registerValidate } from './commands/validate.js';
import { registerVerify } from './commands/verify.js';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

export { VERSION } from './version.js';

/**
 * The command tree. Commands only parse options, call core and the edge packages, and print. Each
 * command `commands/<name>.ts` registers its options and loads `commands/<name>-action.ts` when it
 * runs (start-up reads only the registrations); what both need (the options' type, defaults) is in
 * `commands/<name>-options.ts`, so an action never imports its registration.
 */
export function createProgram(io: CliIo): Command {
  const program = new Command('catalog')
    .description("Maintain an organization's layered container base images from one catalog.yaml")
    .version(VERSION)
    .option('--catalog <path>', 'the catalog file', 'catalog.yaml')
    .option('--registry <registry>', "publish to this registry instead of the catalog's (also CATALOG_REGISTRY)")
    .option('--json', 'machine-readable output', false)
    .showHelpAfterError('(run with --help for usage)')
    // Subcommands inherit this: their help lists --catalog, --json and --registry too.
    .configureHelp({ showGlobalOptions: true })
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  program.addHelpText(
    'after',
    '\nExit codes: 0 success, 1 invalid catalog or failed operation, 2 wrong command line, 3 something to act on: rebuilds due (upstream check), new releases (upstream versions), references behind (outdated), 70 internal error.',
  );
  registerValidate(program, io);
  registerGraph(program, io);
  registerPlan(program, io);
  registerRender(program, io);
  registerLint(program, io);
  registerBuild(program, io);
  registerPublish(program, io);
  registerTest(program, io);
  registerTags(program, io);
  registerDocs(program, io);
  registerInitApp(program, io);
  registerApp(program, io);
  registerUpstream(program, io);
  registerOutdated(program, io);
  registerSources(program, io);
  registerVerify(program, io);
  for (const command of program.commands) command.exitOverride().configureOutput(program.configureOutput());
  addExamples(program);
  return program;
}
