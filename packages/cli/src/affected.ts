import { BUILDER_NAMES } from '@catalog/builders';
import { type AffectedResult, affectedNodes, computeTags, InvalidInputError, loadCatalog } from '@catalog/core';
import { type Changes, gitChanges, PARTIALS_DIR, readTemplates } from '@catalog/runner';
import { HOST_PLATFORM } from './host-platform.js';
import type { CatalogLocation, LoadedCatalogFile } from './load.js';
import type { AffectedOptions } from './selection-options.js';

type PendingChanges = Promise<Pick<Changes, 'files' | 'baseCatalogText'>>;

/**
 * Starts reading what changed: --files as given, else git. Started before the catalog is parsed,
 * git runs in its own process meanwhile. A failure surfaces where the result is awaited.
 */
export function startChanges(location: Pick<CatalogLocation, 'root' | 'catalogFile'>, options: AffectedOptions) {
  const pending: PendingChanges = options.files
    ? Promise.resolve({ files: options.files })
    : gitChanges({
        root: location.root,
        catalogFile: location.catalogFile,
        ...(options.base ? { base: options.base } : {}),
        ...(options.head ? { head: options.head } : {}),
      });
  // Not unhandled if parsing the catalog fails first: that error is the one reported.
  pending.catch(() => undefined);
  return pending;
}

/** The affected selection, or undefined when --affected was not asked for. */
export async function affectedSelection(
  loaded: LoadedCatalogFile,
  options: AffectedOptions,
  pending?: PendingChanges,
): Promise<(AffectedResult & { deletedTags: { id: string; tags: string[] }[] }) | undefined> {
  if (!options.affected && !options.files) return undefined;
  const changes = await (pending ?? startChanges(loaded, options));
  // The base catalog matters only when catalog.yaml changed; template texts only to find which
  // templates use a changed partial. Skipping both keeps a file-only change fast on big catalogs.
  const catalogChanged = changes.files.includes(loaded.catalogFile);
  const baseCatalog =
    !catalogChanged || changes.baseCatalogText === undefined
      ? undefined
      : tryLoad(changes.baseCatalogText, loaded.catalog.file);
  const templates = changes.files.some((file) => file.startsWith(`${PARTIALS_DIR}/`))
    ? await templateSources(loaded)
    : [];
  const result = affectedNodes({
    ...loaded,
    files: changes.files,
    catalogFile: loaded.catalogFile,
    templates,
    ...(baseCatalog ? { baseCatalog } : {}),
  });
  const baseTags = baseCatalog && result.deleted.length > 0 ? computeTags(baseCatalog) : undefined;
  const deletedTags = result.deleted.map((node) => ({
    id: node.id,
    tags: [...(baseTags?.get(node.id)?.rolling ?? [])],
  }));
  return { ...result, deletedTags };
}

async function templateSources(loaded: LoadedCatalogFile) {
  const inputs = await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap);
  return [...inputs.partials, ...[...inputs.templates].map(([file, text]) => ({ file, text }))];
}

/** The base's catalog, or undefined when it was invalid then (everything counts as changed). */
function tryLoad(text: string, file: string) {
  try {
    return loadCatalog(text, file, { builderNames: BUILDER_NAMES, hostPlatform: HOST_PLATFORM }).catalog;
  } catch (error) {
    if (error instanceof InvalidInputError) return undefined;
    throw error;
  }
}
