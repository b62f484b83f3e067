#!/usr/bin/env node
// Bundles the `catalog` command (packages/cli/dist/bundle/main.mjs plus chunks per command). A single module
// starts several times faster than Node resolving and compiling hundreds of small ones (zod alone
// ships many), which is most of a short command's time. `tsc -b` still typechecks and emits every
// package; this step only packs the CLI. Libraries loaded on demand by core (yaml for positions,
// handlebars for rendering) stay outside and are required from node_modules when needed.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// Chunk names carry a content hash: clear the old ones so the folder holds one build.
rmSync('packages/cli/dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['packages/cli/src/main.ts'],
  // Split at the commands' dynamic imports: `catalog plan` compiles only what plan uses.
  outdir: 'packages/cli/dist/bundle',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  conditions: ['source'],
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: {
    js: "import { createRequire as __catalogRequire } from 'node:module'; const require = __catalogRequire(import.meta.url);",
  },
});
