import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Catalog, RenderInputs, TemplateSource } from '@catalog/core';

/** Where shared partials live, relative to the catalog. */
export const PARTIALS_DIR = 'images/_partials';

/**
 * Reads what rendering needs, relative to the catalog's folder: each image's template, the shared
 * partials, and the `*.hbs` files inside build contexts. A missing template is left out (core
 * reports it with the catalog position); a missing partials folder means no partials.
 */
export async function readTemplates(root: string, catalog: Catalog): Promise<RenderInputs> {
  const templates = new Map<string, string>();
  const contextTemplates = new Map<string, TemplateSource[]>();
  for (const image of catalog.images) {
    const text = await readOptional(join(root, image.template));
    if (text !== undefined) templates.set(image.template, text);
    if (!contextTemplates.has(image.context)) {
      contextTemplates.set(image.context, await readHbsFiles(root, image.context));
    }
  }
  const partials = await readHbsFiles(root, PARTIALS_DIR);
  return { templates, partials, contextTemplates };
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
