import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Catalog, PARTIALS_DIR, type RenderInputs, type TemplateSource } from '@catalog/core';

export { PARTIALS_DIR };

/**
 * Reads what rendering needs, relative to the catalog's folder: each image's template, the shared
 * partials (the OS families' in their folders too), and the `*.hbs` files inside build contexts. A missing template is left out (core
 * reports it with the catalog position); a missing partials folder means no partials.
 */
export async function readTemplates(root: string, catalog: Catalog): Promise<RenderInputs> {
  const contexts = [...new Set(catalog.images.map((image) => image.context))];
  // Many small files on big catalogs: read them a few dozen at a time, not one after another.
  const [texts, hbsFiles, partials] = await Promise.all([
    mapLimited(catalog.images, (image) => readOptional(join(root, image.template))),
    mapLimited(contexts, (context) => readHbsFiles(root, context)),
    readHbsFiles(root, PARTIALS_DIR),
  ]);
  const templates = new Map<string, string>();
  catalog.images.forEach((image, i) => {
    const text = texts[i];
    if (text !== undefined) templates.set(image.template, text);
  });
  const contextTemplates = new Map(contexts.map((context, i) => [context, hbsFiles[i] ?? []]));
  return { templates, partials, contextTemplates };
}

/** `fn` over `items`, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>, limit = 32): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Every `*.hbs` file under `dir` (recursively), sorted, with catalog-relative paths. */
async function readHbsFiles(root: string, dir: string): Promise<TemplateSource[]> {
  let entries: string[];
  try {
    entries = await readdir(join(root, dir), { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const files = entries.filter((entry) => entry.endsWith('.hbs')).sort();
  return Promise.all(
    files.map(async (entry) => {
      const path = join(root, dir, entry);
      return { file: relative(root, path), text: await readFile(path, 'utf8') };
    }),
  );
}
