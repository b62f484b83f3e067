import { readFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { BUILDER_NAMES } from '@catalog/builders';
import {
  DEFAULT_PLATFORM,
  decodeCatalogText,
  formatDiagnostic,
  hostPlatform,
  InvalidInputError,
  type LoadedCatalog,
  loadCatalog,
} from '@catalog/core';
import { readTemplates } from '@catalog/runner';
import type { CatalogSource } from './catalog-projects.js';

/** The last catalog read, by its text: createNodes and createDependencies read the same file. */
let last: { readonly key: string; readonly source: Promise<CatalogSource> } | undefined;

/**
 * Reads and validates a catalog (relative to the workspace root) and the templates it uses. An
 * invalid catalog throws the same errors as `catalog validate`, which Nx shows for the plugin.
 */
export async function readCatalog(workspaceRoot: string, catalogPath: string): Promise<CatalogSource> {
  const bytes = await readFile(join(workspaceRoot, catalogPath));
  const text = decoded(bytes, catalogPath);
  const key = `${workspaceRoot}\0${catalogPath}\0${text}`;
  if (last?.key !== key) last = { key, source: load(workspaceRoot, catalogPath, text) };
  return last.source;
}

async function load(workspaceRoot: string, catalogPath: string, text: string): Promise<CatalogSource> {
  const dir = posix.dirname(catalogPath) === '.' ? '' : posix.dirname(catalogPath);
  const file = posix.basename(catalogPath);
  const loaded = validCatalog(text, catalogPath);
  const inputs = await readTemplates(join(workspaceRoot, dir), loaded.catalog, loaded.sourceMap).catch(
    (error: unknown) => {
      throw error instanceof InvalidInputError ? validationError(error) : error;
    },
  );
  const templates = [...inputs.partials, ...[...inputs.templates].map(([path, body]) => ({ file: path, text: body }))];
  return { loaded, dir, file, templates };
}

/** The catalog, or an error that lists every problem as `catalog validate` prints them (Nx shows it). */
function validCatalog(text: string, catalogPath: string): LoadedCatalog {
  try {
    // Tag conflicts do not change the graph or the inputs; `catalog validate` reports them.
    return loadCatalog(text, catalogPath, {
      checkTags: false,
      builderNames: BUILDER_NAMES,
      hostPlatform: hostPlatform(process.arch) ?? DEFAULT_PLATFORM,
    });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw validationError(error);
  }
}

/** The catalog's text: UTF-8 only, as `catalog validate` reads it. */
function decoded(bytes: Uint8Array, catalogPath: string): string {
  try {
    return decodeCatalogText(bytes, catalogPath);
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    throw validationError(error);
  }
}

function validationError(error: InvalidInputError): Error {
  const problems = error.diagnostics.map((d) => `  ${formatDiagnostic(d)}`).join('\n');
  return new Error(`${error.message} (run \`catalog validate\`):\n${problems}`);
}
