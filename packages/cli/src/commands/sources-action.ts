import { type Catalog, debianFamily, listSources, selectNodes } from '@catalog/core';
import { archiveKeyring, findSecurityMirror, securityMirrorVariable } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { printSources, type SecurityArchive, type SourcesReport } from '../output/sources-table.js';
import type { SourcesOptions } from './sources-options.js';

/** `catalog sources`: what the selected nodes download, the mirrors, and the security archives. */
export async function sourcesAction(
  selectors: string[],
  options: SourcesOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io, { tags: false });
  const nodes = selectNodes(loaded.graph, selectors, options);
  const listing = listSources(loaded, nodes, io.env);
  const archives = listing.securityArchives.map(async (use) => ({
    ...use,
    ...(await securityArchive(loaded.catalog, use.mirror, io.env)),
  }));
  const report: SourcesReport = {
    catalog: loaded.catalog.file,
    nodes: listing.nodes,
    mirrors: listing.mirrors.map((m) => ({
      ...m,
      from: m.overridden ? (io.settingsFrom?.[m.variable] ?? 'environment') : null,
    })),
    security: {
      default: await securityArchive(loaded.catalog, null, io.env),
      archives: await Promise.all(archives),
    },
  };
  if (globals.json) writeJson(io.stdout, report);
  else printSources(io.stdout, report);
}

/** The archive `catalog upstream check` reads for a `securityUpdates.mirror` (or none), or nulls. */
async function securityArchive(catalog: Catalog, mirror: string | null, env: CliIo['env']): Promise<SecurityArchive> {
  const found = await findSecurityMirror(catalog, mirror ?? undefined, env);
  const signature = debianFamily.security.signature;
  const keyring = signature
    ? archiveKeyring(signature, mirror ?? undefined, env)
    : { path: '', variable: '', from: 'default' as const };
  return {
    variable: securityMirrorVariable(mirror ?? undefined),
    url: found?.url ?? null,
    from: found?.from ?? null,
    keyring,
  };
}
