import { formatDiagnostic } from '@catalog/core';
import { readTemplates } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';

export async function validateAction(command: Command, io: CliIo): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const { catalog, graph, diagnostics, root, sourceMap } = await loadCatalogFile(options, io);
  // What the catalog names on disk (templates, contexts, partials) must be inside its folder, links followed.
  await readTemplates(root, catalog, sourceMap);
  const summary = {
    ok: true,
    file: catalog.file,
    images: catalog.images.length,
    nodes: graph.size,
    levels: graph.levels().length,
    warnings: diagnostics.map((d) => formatDiagnostic(d)),
  };
  if (options.json) return writeJson(io.stdout, summary);
  for (const warning of summary.warnings) writeLine(io.stderr, warning);
  writeLine(
    io.stdout,
    `${catalog.file}: valid — ${summary.images} images, ${summary.nodes} nodes, ${summary.levels} levels`,
  );
}
