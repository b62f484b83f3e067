#!/usr/bin/env node
// Bundles the `catalog` command into one file (packages/cli/dist/bundle/main.cjs) and saves V8's
// code cache for it. One file starts several times faster than Node resolving and compiling hundreds
// of small modules (zod alone ships many), and the code cache skips most of the compiling that is
// left: together they are most of a short command's time. `tsc -b` still typechecks and emits every
// package; this step only packs the CLI. Libraries loaded on demand by core (yaml for positions,
// handlebars for rendering) stay outside and are required from node_modules when needed.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The bundle's identity, for the catalog cache (packages/cli/src/catalog-cache.ts): a hash of every
 * package source, the lockfile (the dependencies' versions) and this script. A change to any of
 * them is another build, whose cache entries are its own.
 */
function buildId() {
  const hash = createHash('sha256');
  const files = ['package-lock.json', 'tools/bundle-cli.mjs'];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  for (const pkg of readdirSync('packages')) walk(join('packages', pkg, 'src'));
  for (const file of files.sort()) hash.update(file).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex').slice(0, 32);
}

/**
 * Runs typical commands on this repository's catalog (validate, plan, an affected plan, with and
 * without the catalog cache) with their output discarded, then saves the compiled code of all that
 * ran as the bundle's code cache (see packages/cli/bin/load-bundle.js). Only speed depends on it:
 * a command that fails here still leaves a usable cache.
 */
async function writeCodeCache() {
  const { codeCacheFile, loadBundle } = await import('../packages/cli/bin/load-bundle.js');
  const { main, script } = loadBundle();
  const cacheDir = mkdtempSync(join(tmpdir(), 'catalog-warm-'));
  const discard = { write: () => true };
  const io = (env) => ({ stdout: discard, stderr: discard, env: { ...process.env, ...env }, cwd: process.cwd() });
  const commands = [
    ['validate'],
    ['plan', '--json'],
    ['plan', '--affected', '--files', 'images/flask/Dockerfile.hbs', '--json'],
  ];
  try {
    for (const argv of commands) await main(argv, io({ CATALOG_PARSE_CACHE: 'off' }));
    for (let run = 0; run < 2; run++) {
      for (const argv of commands) await main(argv, io({ CATALOG_CACHE: cacheDir }));
    }
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
  writeFileSync(codeCacheFile, script.createCachedData());
}

rmSync('packages/cli/dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['packages/cli/src/main.ts'],
  outfile: 'packages/cli/dist/bundle/main.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS, loaded through vm.Script: the one form whose compiled code V8 can cache (Node 20
  // has no code cache for ES modules). The commands' dynamic imports become lazy initializers.
  format: 'cjs',
  target: 'node20',
  conditions: ['source'],
  sourcemap: 'linked',
  legalComments: 'linked',
  // Less text to read and hash at every start; names are kept, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  define: { CATALOG_BUILD_ID: JSON.stringify(buildId()), 'import.meta.url': '__catalogModuleUrl' },
  banner: { js: "const __catalogModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

await writeCodeCache();
