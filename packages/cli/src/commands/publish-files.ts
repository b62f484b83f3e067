import { readFile } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import {
  bakeMetadataNodes,
  bakeReport,
  type CatalogGraph,
  digestReference,
  InvalidInputError,
  type ReportFile,
  repositoryOf,
} from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import type { CliIo } from '../io.js';

/** A path as errors show it: relative to the working folder when inside it. */
export function shownPath(cwd: string, file: string): string {
  const shown = relative(cwd, file);
  return shown === '' || shown.startsWith('..') || isAbsolute(shown) ? file : shown;
}

/**
 * `publish --bake-metadata FILE`: the report of what a bake pushed (core bakeReport), each image's
 * platforms read from the registry (an index lists them), as built from this checkout.
 */
export async function bakeReportFile(
  file: string,
  context: { readonly graph: CatalogGraph; readonly registry: string; readonly revision: string },
  registry: Pick<RegistryClient, 'platformDigests'>,
  io: Pick<CliIo, 'cwd'>,
): Promise<ReportFile> {
  const shown = shownPath(io.cwd, file);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new InvalidInputError([
      {
        code: 'bake-metadata',
        severity: 'error',
        file: shown,
        message: error.code === 'ENOENT' ? 'no such file' : error.message,
        hint: 'pass the file `docker buildx bake --metadata-file FILE` wrote',
      },
    ]);
  });
  const nodes = bakeMetadataNodes(text, shown, context);
  const platforms = new Map<string, string>();
  for (const { id, digest } of nodes) {
    const repository = repositoryOf(context.registry, context.graph.node(id).image);
    const found = await registry.platformDigests(digestReference(repository, digest));
    platforms.set(id, [...new Set(found.map((p) => p.platform))].sort().join(','));
  }
  const report = bakeReport(nodes, { ...context, platformsOf: (id) => platforms.get(id) ?? '' });
  return { file: shown, report };
}
