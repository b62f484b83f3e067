#!/usr/bin/env node
// The `catalog` command. The TypeScript sources are compiled by `npm ci` (the root `prepare` script).
import { main } from '../dist/bundle/main.mjs';

// A reader that stops early (`catalog plan | head`) closes the pipe: stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
