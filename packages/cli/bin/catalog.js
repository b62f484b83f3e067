#!/usr/bin/env node
// The `catalog` command. The TypeScript sources are compiled and bundled by `npm ci` (the root
// `prepare` script); see load-bundle.js for how the bundle is loaded quickly.
import { loadBundle } from './load-bundle.js';

const { main } = loadBundle();

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
