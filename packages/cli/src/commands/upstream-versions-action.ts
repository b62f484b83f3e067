import { BUILDER_NAMES } from '@catalog/builders';
import { formatKeyPath, loadCatalog, type ProposedVersion, ReportedFailure, UsageError } from '@catalog/core';
import { aptArchiveSite, defaultCacheDir, upstreamVersions, writeCatalogVersions } from '@catalog/runner';
import type { Command } from 'commander';
import { withCommandSignal } from '../command-signal.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, type GlobalOptions, writeJson } from '../io.js';
import { catalogLocation, loadCatalogFile } from '../load.js';
import { printVersions, versionsJson } from '../output/versions-report.js';
import { registryClient } from '../registry-client.js';
import type { VersionsOptions } from './upstream-options.js';

/** `catalog upstream versions [images...] [--write]`: exit 3 when there are new releases, 0 when not. */
export async function upstreamVersionsAction(
  images: string[],
  options: VersionsOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  for (const name of images) {
    const image = loaded.catalog.images.find((i) => i.name === name);
    if (!image) throw new UsageError(`no image "${name}" in the catalog`, 'name an image of the catalog');
    if (!image.updates) {
      throw new UsageError(`images.${name} has no updates:`, 'add updates: { source: …, policy: patch } to the image');
    }
  }
  const found = await withCommandSignal((signal) =>
    upstreamVersions(
      loaded.catalog,
      {
        catalog: loaded.catalog,
        env: io.env,
        fetch: (input, init) =>
          fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([signal, init.signal]) : signal }),
        cacheDir: defaultCacheDir(io.env),
        registry: registryClient(io, signal),
        debianArchive: (suite) => aptArchiveSite(suite),
        at: (path) => {
          const position = loaded.sourceMap.valueAt(path);
          return `${position.file}:${position.line}:${position.column}: ${formatKeyPath(path)}`;
        },
      },
      images.length > 0 ? images : undefined,
    ),
  );
  const proposals = found.flatMap((image) => image.proposals);
  const written = options.write && proposals.length > 0 ? await write(globals, io, proposals) : null;
  if (globals.json) writeJson(io.stdout, versionsJson(found, written));
  else printVersions(io.stdout, found, written, options.write === true);
  if (proposals.length > 0) throw new ReportedFailure('new upstream releases', EXIT.rebuildsDue);
}

/** Writes the proposals into the catalog file after validating the result; its path. */
async function write(globals: GlobalOptions, io: CliIo, proposals: readonly ProposedVersion[]): Promise<string> {
  const { file, shown } = catalogLocation(globals, io);
  const registry = globals.registry ?? io.env.CATALOG_REGISTRY;
  const validate = (text: string) => {
    loadCatalog(text, shown, { ...(registry ? { registry } : {}), builderNames: BUILDER_NAMES });
  };
  await writeCatalogVersions(file, proposals, validate);
  return shown;
}
