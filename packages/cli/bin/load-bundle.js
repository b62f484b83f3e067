// Loads the bundled `catalog` command (dist/bundle/main.cjs) through V8's code cache.
//
// A short command spends much of its time compiling JavaScript before doing any work. V8 can
// instead read back the bytecode of an earlier run (its "code cache"). tools/bundle-cli.mjs makes
// that cache once, after running typical commands, and stores it beside the bundle. A cache made by
// another Node version (or a damaged one) is rejected by V8, and the bundle is compiled as usual.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

export const bundleFile = fileURLToPath(new URL('../dist/bundle/main.cjs', import.meta.url));
export const codeCacheFile = `${bundleFile}.code-cache`;

function readCodeCache() {
  try {
    return readFileSync(codeCacheFile);
  } catch {
    return undefined;
  }
}

/** The bundle's exports, and its script (whose `createCachedData()` makes the code cache). */
export function loadBundle() {
  const source = readFileSync(bundleFile, 'utf8');
  // The same wrapper Node gives a CommonJS module.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new vm.Script(wrapped, { filename: bundleFile, cachedData: readCodeCache() });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(bundleFile), module, bundleFile, dirname(bundleFile));
  return { main: module.exports.main, script };
}
