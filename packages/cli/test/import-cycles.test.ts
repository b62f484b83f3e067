import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';

// No module of a package imports itself through other modules: a circle makes the load order
// decide which module sees the other half-initialized, and ties its modules into one. Every import
// counts: static, dynamic (`import()`), `export … from`, and type-only ones (a circle of types is
// one refactor away from a circle at run time). Imports of other packages go through their public
// index and are not followed here; tsc refuses circles between packages.

/** The source modules of a package: its `src/**\/*.ts`, tests left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The modules of `files` that `file` imports by a relative path (`./x.js` is `x.ts`, `./dir` is `dir/index.ts`). */
function relativeImports(file: string, files: ReadonlySet<string>): string[] {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return importedFiles
    .map((imported) => imported.fileName)
    .filter((specifier) => specifier.startsWith('./') || specifier.startsWith('../'))
    .map((specifier) => {
      const path = resolve(dirname(file), specifier);
      const candidates = [path.replace(/\.js$/, '.ts'), `${path}.ts`, join(path, 'index.ts')];
      return candidates.find((candidate) => files.has(candidate));
    })
    .filter((target): target is string => target !== undefined);
}

/** Strongly connected components with more than one module, or a module importing itself (Tarjan). */
function circles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) visit(next);
      if (stack.includes(next)) low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
    }
    if (low.get(node) !== index.get(node)) return;
    const component = stack.splice(stack.indexOf(node));
    if (component.length > 1 || graph.get(node)?.includes(node)) found.push(component);
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

/** One path around a component, from its first module back to it (breadth first: the shortest). */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string[] {
  const start = [...component].sort()[0] as string;
  const inside = new Set(component);
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const next of graph.get(node) ?? []) {
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0] as string) as string);
        return [...path, start];
      }
      if (inside.has(next) && !previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [...component, start];
}

/** Every import circle in a package's `src`, each as `a.ts → b.ts → a.ts` (paths from `src`). */
function importCycles(srcDir: string): string[] {
  const files = sourceFiles(srcDir);
  const known = new Set(files);
  const graph = new Map(files.map((file) => [file, relativeImports(file, known)]));
  return circles(graph).map((component) =>
    cyclePath(graph, component)
      .map((file) => relative(srcDir, file))
      .join(' → '),
  );
}

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

describe('import circles', () => {
  const packages = readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'src')));

  it.each(packages)('none in packages/%s/src', (name) => {
    expect(importCycles(join(packagesDir, name, 'src'))).toEqual([]);
  });

  it('are found through static, dynamic, type-only and re-export imports, and printed', () => {
    const src = tempDir('catalog-cycles-');
    const files: Record<string, string> = {
      'a.ts': "import { b } from './b.js';\n// import { z } from './z.js';\nexport const a = b;",
      'b.ts': "export const b = async () => (await import('./c.js')).c;",
      'c.ts': "import type { A } from './a.js';\nexport const c = 1;",
      'd/index.ts': "export * from '../e.js';",
      'e.ts': "export { f } from './d';\nexport const f = 1;",
      'f.ts': "import { f } from './f.js';",
      'g.ts': "import { a } from './a.js';\nimport { f } from './e.js';",
      'z.ts': "import { a } from './a.js';",
      'z.test.ts': "import { a } from './a.js';\nimport { g } from './g.js';",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(dirname(join(src, file)), { recursive: true });
      writeFileSync(join(src, file), text);
    }
    expect(importCycles(src).sort()).toEqual([
      'a.ts → b.ts → c.ts → a.ts',
      'd/index.ts → e.ts → d/index.ts',
      'f.ts → f.ts',
    ]);
  });
});
