import { readFile } from 'node:fs/promises';
import { basename, dirname, relative, resolve } from 'node:path';
import { InvalidInputError, type LoadedCatalog, loadCatalog } from '@catalog/core';
import type { CliIo, GlobalOptions } from './io.js';

/** Reads and validates the catalog named by --catalog; the registry comes from --registry, then CATALOG_REGISTRY. */
/** A loaded catalog with its folder (`root`) and its file name within it (`catalogFile`). */
export type LoadedCatalogFile = LoadedCatalog & { readonly root: string; readonly catalogFile: string };

export async function loadCatalogFile(
  options: GlobalOptions,
  io: CliIo,
  check: { readonly tags?: boolean } = {},
): Promise<LoadedCatalogFile> {
  const file = resolve(io.cwd, options.catalog);
  const fromCwd = relative(io.cwd, file);
  const shown = fromCwd === '' || fromCwd.startsWith('..') ? file : fromCwd;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot read: ${(error as Error).message}`;
    const hint = 'run from the folder that holds catalog.yaml, or pass --catalog PATH';
    throw new InvalidInputError([{ code: 'file-not-found', severity: 'error', file: shown, message, hint }]);
  }
  const registry = options.registry ?? io.env.CATALOG_REGISTRY;
  const loaded = loadCatalog(text, shown, { ...(registry ? { registry } : {}), checkTags: check.tags !== false });
  return { ...loaded, root: dirname(file), catalogFile: basename(file) };
}
