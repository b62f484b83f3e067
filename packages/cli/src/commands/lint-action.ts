import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ReportedFailure, renderNodes } from '@catalog/core';
import { formatFinding, type LintFinding, lintDockerfile } from '@catalog/core/lint';
import { directoryLintContext, readTemplates, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { dockerfilesIn } from './lint-files.js';
import type { LintOptions } from './lint-options.js';
import { DEFAULT_RENDER_DIR } from './render-options.js';

export async function lintAction(files: string[], options: LintOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const findings = files.length > 0 ? await lintFiles(files, options, io) : await lintCatalog(globals, options, io);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})`;
  if (globals.json) writeJson(io.stdout, { ok: errors === 0, errors, warnings: findings.length - errors, findings });
  else {
    for (const finding of findings) writeLine(io.stdout, formatFinding(finding));
    writeLine(io.stdout, summary);
  }
  if (errors > 0) throw new ReportedFailure(summary);
}

async function lintFiles(files: readonly string[], options: LintOptions, io: CliIo): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  for (const file of await dockerfilesIn(files, io.cwd)) {
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
  const rendered = renderNodes(
    loaded,
    loaded.graph.order,
    await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap),
  );
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
