#!/usr/bin/env node
// The `catalog` command. The TypeScript sources are compiled by `npm ci` (the root `prepare` script).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
