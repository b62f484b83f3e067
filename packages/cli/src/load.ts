import { readFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { BUILDER_NAMES } from '@catalog/builders';
import {
  type Diagnostic,
  decodeCatalogText,
  InvalidInputError,
  type LoadedCatalog,
  type LoadOptions,
  loadCatalog,
  restoreCatalog,
  snapshotCatalog,
} from '@catalog/core';
import { type CatalogCache, catalogCache, readSnapshot, snapshotKey, writeSnapshot } from './catalog-cache.js';
import { HOST_PLATFORM } from './host-platform.js';
import type { CliIo, GlobalOptions } from './io.js';

/** A loaded catalog with its folder (`root`) and its file name within it (`catalogFile`). */
export type LoadedCatalogFile = LoadedCatalog & { readonly root: string; readonly catalogFile: string };

/** Where --catalog points: its folder (`root`), its name there, and the name shown in messages. */
export interface CatalogLocation {
  readonly file: string;
  readonly shown: string;
  readonly root: string;
  readonly catalogFile: string;
}

export function catalogLocation(options: GlobalOptions, io: CliIo): CatalogLocation {
  const file = resolve(io.cwd, options.catalog);
  const fromCwd = relative(io.cwd, file);
  const shown = fromCwd === '' || fromCwd.startsWith('..') ? file : fromCwd;
  return { file, shown, root: dirname(file), catalogFile: basename(file) };
}

/**
 * Reads and validates the catalog named by --catalog (or takes it from the cache of parsed catalogs);
 * the registry comes from --registry, then CATALOG_REGISTRY; `builder.name` must be one of the
 * engines of @catalog/builders' registry.
 */
export async function loadCatalogFile(
  options: GlobalOptions,
  io: CliIo,
  check: { readonly tags?: boolean } = {},
  cache: CatalogCache | undefined = catalogCache(io.env),
): Promise<LoadedCatalogFile> {
  const { file, shown, root, catalogFile } = catalogLocation(options, io);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new InvalidInputError([unreadable(error as NodeJS.ErrnoException, shown)]);
  }
  // UTF-8 only: any other byte is an error at its line and column, not a U+FFFD in a label.
  const text = decodeCatalogText(bytes, shown);
  const registry = options.registry ?? io.env.CATALOG_REGISTRY;
  const loadOptions: LoadOptions = {
    ...(registry ? { registry } : {}),
    checkTags: check.tags !== false,
    builderNames: BUILDER_NAMES,
    hostPlatform: HOST_PLATFORM,
  };
  const loaded = await loadThroughCache(cache, text, shown, loadOptions);
  return { ...loaded, root, catalogFile };
}

/** Why the catalog file cannot be read, and what to do: never a bare errno. */
function unreadable(error: NodeJS.ErrnoException, shown: string): Diagnostic {
  const at = { severity: 'error' as const, file: shown };
  switch (error.code) {
    case 'ENOENT':
      return {
        ...at,
        code: 'file-not-found',
        message: 'file not found',
        hint: 'run from the folder that holds catalog.yaml, or pass --catalog PATH',
      };
    case 'EISDIR':
      return {
        ...at,
        code: 'not-a-file',
        message: 'is a folder, not a catalog file',
        hint: `pass the file itself: --catalog ${join(shown, 'catalog.yaml')}`,
      };
    case 'EACCES':
    case 'EPERM':
      return { ...at, code: 'unreadable', message: 'permission denied', hint: 'make the file readable for this user' };
    default:
      return {
        ...at,
        code: 'unreadable',
        message: `cannot be read (${error.code ?? error.message})`,
        hint: 'check that --catalog names a readable file',
      };
  }
}

/** A valid catalog seen before comes from the cache; anything else is loaded (and, if valid, kept). */
async function loadThroughCache(
  cache: CatalogCache | undefined,
  text: string,
  file: string,
  options: LoadOptions,
): Promise<LoadedCatalog> {
  if (!cache) return loadCatalog(text, file, options);
  const key = snapshotKey(cache, file, options, text);
  const snapshot = await readSnapshot(cache, key);
  if (snapshot) {
    try {
      return restoreCatalog(snapshot, text, file);
    } catch {
      // A damaged entry: load the text, and the entry is rewritten below.
    }
  }
  const loaded = loadCatalog(text, file, options);
  await writeSnapshot(cache, key, snapshotCatalog(loaded));
  return loaded;
}
