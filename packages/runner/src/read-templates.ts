import { readFile } from 'node:fs/promises';
import {
  type Catalog,
  type Diagnostic,
  decodeUtf8,
  type ImageSpec,
  InvalidInputError,
  PARTIALS_DIR,
  type RenderInputs,
  type SourceMap,
  sortDiagnostics,
  type TemplateSource,
} from '@catalog/core';
import { type CatalogFolder, catalogFolder, listFolder, outsideDiagnostics, resolveInFolder } from './catalog-paths.js';

export { PARTIALS_DIR };

/**
 * Reads what rendering needs, relative to the catalog's folder: each image's template, the shared
 * partials (the OS families' in their folders too), and the `*.hbs` files inside build contexts. A missing template is left out (core
 * reports it with the catalog position); a missing partials folder means no partials.
 *
 * Everything read must be inside the catalog's folder with symbolic links followed, and so must every
 * link in a build context (which is copied next to the Dockerfile): anything else is an error at the
 * catalog key that names it (`sourceMap` gives the positions).
 */
export async function readTemplates(root: string, catalog: Catalog, sourceMap?: SourceMap): Promise<RenderInputs> {
  const folder = await catalogFolder(root);
  const problems: Diagnostic[] = [];
  const outside = outsideDiagnostics(catalog.file, sourceMap);
  // The first image that uses a context answers for it (contexts are often shared).
  const contextOwners = new Map<string, ImageSpec>();
  for (const image of catalog.images) if (!contextOwners.has(image.context)) contextOwners.set(image.context, image);
  const contexts = [...contextOwners.keys()];
  const templateFiles = new Set(catalog.images.map((image) => image.template.replace(/^\.\//, '')));
  // Many small files on big catalogs: read them a few dozen at a time, not one after another.
  const [texts, hbsFiles, partials] = await Promise.all([
    mapLimited(catalog.images, (image) => readTemplate(folder, image, problems, outside)),
    mapLimited(contexts, async (context) => {
      const owner = contextOwners.get(context) as ImageSpec;
      const where = await resolveInFolder(folder, context);
      if (where && 'outside' in where) {
        problems.push(outside.key([...owner.path, 'context'], 'context', context, where.outside));
        return [];
      }
      const files = await readHbsFiles(folder, context, (link, target) => {
        // A template that is such a link is reported as the template.
        if (catalog.images.some((image) => image.template === link)) return;
        problems.push(outside.link([...owner.path, 'context'], `context ${JSON.stringify(context)}`, link, target));
      });
      // A context that holds the partials or the Dockerfile templates (`context: ./`): those are not context files.
      return files.filter(({ file }) => !file.startsWith(`${PARTIALS_DIR}/`) && !templateFiles.has(file));
    }),
    readHbsFiles(folder, PARTIALS_DIR, (link, target) =>
      problems.push(outside.link(undefined, `the partials folder ${PARTIALS_DIR}`, link, target)),
    ),
  ]);
  if (problems.length > 0) throw new InvalidInputError(sortDiagnostics(problems));
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

/** An image's template text; undefined when it does not exist (render reports it). */
async function readTemplate(
  folder: CatalogFolder,
  image: ImageSpec,
  problems: Diagnostic[],
  outside: ReturnType<typeof outsideDiagnostics>,
): Promise<string | undefined> {
  const where = await resolveInFolder(folder, image.template);
  if (where === undefined) return undefined;
  if ('outside' in where) {
    problems.push(outside.key([...image.path, 'template'], 'template', image.template, where.outside));
    return undefined;
  }
  try {
    return decodeUtf8(await readFile(where.real), image.template);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EISDIR') throw error;
    const at = outside.key([...image.path, 'template'], 'template', image.template, where.real);
    problems.push({
      ...at,
      code: 'template-not-a-file',
      message: `template ${JSON.stringify(image.template)} is a folder`,
      hint: `point "template:" at the Dockerfile template, e.g. ${image.template.replace(/\/*$/, '')}/Dockerfile.hbs`,
    });
    return undefined;
  }
}

/** Every `*.hbs` file under `dir` (recursively), sorted, with catalog-relative paths. */
async function readHbsFiles(
  folder: CatalogFolder,
  dir: string,
  onOutside: (link: string, target: string) => void,
): Promise<TemplateSource[]> {
  const entries = await listFolder(folder, dir, (entry, target) => onOutside(entry.file, target));
  const files = entries.filter((entry) => entry.file.endsWith('.hbs'));
  return Promise.all(files.map(async ({ file }) => ({ file, text: await readFile(`${folder.root}/${file}`, 'utf8') })));
}
