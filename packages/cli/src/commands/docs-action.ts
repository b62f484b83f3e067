import { join, relative, resolve } from 'node:path';
import {
  docsModel,
  InvalidInputError,
  type PublishedNode,
  publishedFromReport,
  renderDocsMarkdown,
  renderDocsSite,
} from '@catalog/core';
import { LAST_REPORT, publishedNodes, readReport as readBuildReport, writeDocsSite } from '@catalog/runner';
import type { Command } from 'commander';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { type LoadedCatalogFile, loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { registryWorkDir } from '../work-dir.js';
import { DEFAULT_BUILD_DIR } from './build-options.js';
import { DEFAULT_DOCS_DIR, type DocsCommandOptions } from './docs-options.js';

/** The Markdown version goes in its own folder of the site. */
const MARKDOWN_DIR = 'markdown';

interface BuildState {
  readonly published: Map<string, PublishedNode>;
  readonly sources: string[];
}

export async function docsAction(options: DocsCommandOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const state = await buildState(loaded, options, io);
  const model = docsModel(loaded, {
    published: state.published,
    ...(state.sources.length > 0 ? { stateSource: state.sources.join(' and ') } : {}),
  });
  const files = [
    ...renderDocsSite(model),
    ...renderDocsMarkdown(model).map((f) => ({ ...f, path: `${MARKDOWN_DIR}/${f.path}` })),
  ];
  const out = options.out ? resolve(io.cwd, options.out) : resolve(loaded.root, DEFAULT_DOCS_DIR);
  await writeDocsSite(out, files);
  const shown = relative(io.cwd, out).startsWith('..') ? out : relative(io.cwd, out) || '.';
  if (globals.json) {
    return writeJson(io.stdout, {
      out,
      index: join(out, 'index.html'),
      markdown: join(out, MARKDOWN_DIR, 'README.md'),
      images: model.images.length,
      built: state.published.size,
      stateSource: model.stateSource ?? null,
      files: files.map((f) => f.path),
    });
  }
  writeLine(io.stdout, `wrote ${files.length} files for ${model.images.length} images to ${shown}`);
  writeLine(io.stdout, `  site:     ${join(shown, 'index.html')} (open it in a browser; no server needed)`);
  writeLine(io.stdout, `  markdown: ${join(shown, MARKDOWN_DIR, 'README.md')}`);
  writeLine(
    io.stdout,
    model.stateSource
      ? `  build state from ${model.stateSource}: ${state.published.size} of ${loaded.catalog.nodes.length} nodes built`
      : '  not built yet: no build report or registry read (see --report, --from-registry)',
  );
}

/** The build report (given, or the last build's when it published to this registry), then the registry. */
async function buildState(loaded: LoadedCatalogFile, options: DocsCommandOptions, io: CliIo): Promise<BuildState> {
  const published = new Map<string, PublishedNode>();
  const sources: string[] = [];
  const report = await readReport(loaded, options, io);
  if (report) {
    for (const [id, node] of report.published) published.set(id, node);
    sources.push(`build report ${report.shown}`);
  }
  if (options.fromRegistry) {
    const read = (signal: AbortSignal) => publishedNodes(loaded.catalog, registryClient(io, signal));
    for (const [id, node] of await withCommandSignal(read)) {
      published.set(id, { ...published.get(id), ...node });
    }
    sources.push(`registry ${loaded.catalog.registry}`);
  }
  return { published, sources };
}

async function readReport(
  loaded: LoadedCatalogFile,
  options: DocsCommandOptions,
  io: CliIo,
): Promise<{ published: Map<string, PublishedNode>; shown: string } | undefined> {
  const file = options.report
    ? resolve(io.cwd, options.report)
    : join(await registryWorkDir(join(loaded.root, DEFAULT_BUILD_DIR), loaded.catalog.registry, false), LAST_REPORT);
  const shown = relative(io.cwd, file).startsWith('..') ? file : relative(io.cwd, file);
  const report = await readBuildReport(file, shown);
  if (!report) {
    if (!options.report) return undefined;
    throw new InvalidInputError([
      {
        code: 'file-not-found',
        severity: 'error',
        file: shown,
        message: 'build report not found',
        hint: 'pass the file `catalog build --report FILE` wrote, or leave out --report',
      },
    ]);
  }
  // The last build describes this catalog's images only when it pushed to the same registry.
  if (!options.report && !(report.pushed && report.registry === loaded.catalog.registry)) return undefined;
  return { published: publishedFromReport(report, loaded.catalog.nodes), shown };
}
