import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { formatFinding, type LintFinding, lintDockerfile, ReportedFailure, renderNodes } from '@catalog/core';
import { directoryLintContext, readTemplates, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { DEFAULT_RENDER_DIR } from './render.js';

interface LintOptions {
  readonly requireDigest?: boolean;
}

export function registerLint(program: Command, io: CliIo): void {
  program
    .command('lint')
    .description("check Dockerfiles against container best practices (default: the catalog's, rendered)")
    .argument('[files...]', 'Dockerfiles to lint, e.g. the ones your apps build FROM our bases')
    .option('--require-digest', 'warn about FROM by tag where a digest is expected')
    .action(async (files: string[], options: LintOptions, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      const findings = files.length > 0 ? await lintFiles(files, options, io) : await lintCatalog(globals, options, io);
      const errors = findings.filter((f) => f.severity === 'error').length;
      const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})`;
      if (globals.json)
        writeJson(io.stdout, { ok: errors === 0, errors, warnings: findings.length - errors, findings });
      else {
        for (const finding of findings) writeLine(io.stdout, formatFinding(finding));
        writeLine(io.stdout, summary);
      }
      if (errors > 0) throw new ReportedFailure(summary);
    });
}

async function lintFiles(files: readonly string[], options: LintOptions, io: CliIo): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  for (const file of files) {
    const path = resolve(io.cwd, file);
    const text = await readFile(path, 'utf8');
    const context = directoryLintContext(dirname(path));
    findings.push(
      ...lintDockerfile(text, file, { context, ...(options.requireDigest ? { requireDigest: true } : {}) }),
    );
  }
  return findings;
}

/** Renders the whole catalog to the default render folder and lints what was written. */
async function lintCatalog(globals: GlobalOptions, options: LintOptions, io: CliIo): Promise<LintFinding[]> {
  const loaded = await loadCatalogFile(globals, io);
  const rendered = renderNodes(loaded, loaded.graph.order, await readTemplates(loaded.root, loaded.catalog));
  const out = resolve(loaded.root, DEFAULT_RENDER_DIR);
  const written = await writeRendered(loaded.root, out, rendered);
  return rendered.flatMap((node, i) => {
    const dir = written[i]?.dir ?? join(out, node.outDir);
    const file = relative(io.cwd, join(dir, 'Dockerfile'));
    return lintDockerfile(node.dockerfile, file, {
      requiredLabels: node.requiredLabels,
      context: directoryLintContext(dir),
      ...(options.requireDigest ? { requireDigest: true } : {}),
    });
  });
}
