import { lstat, mkdir, realpath, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import {
  type Catalog,
  type Diagnostic,
  InvalidInputError,
  LOCAL_SETTINGS_FILE,
  type RenderedNode,
  type SourceMap,
} from '@catalog/core';
import { type CatalogFolder, catalogFolder, isInside, resolveInFolder } from './catalog-paths.js';
import { copyContext } from './copy-context.js';

/** The file next to each Dockerfile that tells builders (and people) how to build it. */
export const BUILD_FILE = 'build.json';

export interface WrittenNode {
  readonly id: string;
  /** The folder holding the Dockerfile and the build context. */
  readonly dir: string;
}

export interface WriteOptions {
  /**
   * Folders never copied into a build context (besides `out` and the machine-local settings
   * folder `.catalog/`), e.g. the workspace folder that holds `out`.
   */
  readonly skip?: readonly string[];
  /** The catalog and its positions, for errors at the image's `context`. */
  readonly source?: { readonly catalog: Catalog; readonly sourceMap?: SourceMap | undefined };
}

/**
 * Writes each rendered node to `<out>/<image>/<version>[-<variant>]/`: the build context copied from
 * the catalog (templates left out), the rendered context files, the Dockerfile and build.json. The
 * folder is replaced whole, so nothing stale survives a re-render.
 *
 * Only what is inside the catalog's folder is copied: a context, or a link in it, that leads out of
 * the folder is an error (readTemplates reports them first, at their catalog position). Files this
 * writes replace whatever the context held under their name, links included, never writing through one.
 * A context that holds the output folder (`context: ./`) is copied without it; an output folder
 * that holds a context is an error before anything is written.
 */
export async function writeRendered(
  root: string,
  out: string,
  nodes: readonly RenderedNode[],
  options: WriteOptions = {},
): Promise<WrittenNode[]> {
  const folder = await catalogFolder(root);
  await mkdir(out, { recursive: true });
  const realOut = await realpath(out);
  const contexts = await Promise.all(nodes.map((node) => resolveInFolder(folder, node.context)));
  const held = new Set<string>();
  const problems = nodes.flatMap((node, i) => {
    const context = contexts[i];
    if (!context || !('real' in context) || !isInside(realOut, context.real) || held.has(node.image)) return [];
    held.add(node.image); // once per image: its nodes share the context
    return [holdsContext(node, out, options)];
  });
  if (problems.length > 0) throw new InvalidInputError(problems);
  const skip = await realFolders([realOut, join(folder.real, dirname(LOCAL_SETTINGS_FILE)), ...(options.skip ?? [])]);
  const written: WrittenNode[] = [];
  for (const [i, node] of nodes.entries()) {
    const dir = join(out, node.outDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const context = contexts[i];
    if (context && 'outside' in context) throw outsideError(node, node.context, context.outside);
    if (context) {
      const keep = async (source: string) => !source.endsWith('.hbs') && (await staysInside(folder, node, source));
      await copyContext(context.real, dir, skip, keep);
    }
    const replace = async (path: string, text: string) => {
      await rm(path, { force: true });
      await writeFile(path, text);
    };
    for (const file of node.files) await replace(join(dir, file.path), file.text);
    await replace(join(dir, 'Dockerfile'), node.dockerfile);
    await replace(join(dir, BUILD_FILE), `${JSON.stringify(buildFile(node), null, 2)}\n`);
    written.push({ id: node.id, dir });
  }
  return written;
}

/** Whether a file of the context may be copied: throws for a link that leads out of the catalog's folder. */
async function staysInside(folder: CatalogFolder, node: RenderedNode, source: string): Promise<boolean> {
  if (!(await lstat(source)).isSymbolicLink()) return true;
  const where = await resolveInFolder(folder, source);
  if (where && 'outside' in where) throw outsideError(node, relative(folder.real, source), where.outside);
  return where === undefined || isInside(folder.real, where.real);
}

/** The real paths of the folders that exist. */
async function realFolders(folders: readonly string[]): Promise<string[]> {
  const found = await Promise.all(folders.map((folder) => realpath(resolve(folder)).catch(() => undefined)));
  return found.filter((folder): folder is string => folder !== undefined);
}

/** The output folder holds (or is) a build context: each render would copy its own output. */
function holdsContext(node: RenderedNode, out: string, options: WriteOptions): Diagnostic {
  const image = options.source?.catalog.images.find((spec) => spec.name === node.image);
  const path = image ? [...image.path, 'context'] : undefined;
  const position = path && options.source?.sourceMap ? { position: options.source.sourceMap.valueAt(path) } : {};
  return {
    code: 'context-in-output',
    severity: 'error',
    file: options.source?.catalog.file ?? node.context,
    ...position,
    ...(path && options.source ? { path } : {}),
    message: `the output folder ${out} holds the build context ${JSON.stringify(node.context)} of ${node.id}: writing there would replace or copy into the context`,
    hint: 'write to a folder outside the build context (--out DIR), or point "context:" elsewhere',
  };
}

function outsideError(node: RenderedNode, path: string, target: string): InvalidInputError {
  const diagnostic: Diagnostic = {
    code: 'path-outside',
    severity: 'error',
    file: path,
    message: `the build context of ${node.id} (${node.context}) leads to ${target}, outside the catalog's folder (through a symbolic link)`,
    hint: "build contexts are copied from the catalog's folder only: replace the link with the file itself, or point it inside",
  };
  return new InvalidInputError([diagnostic]);
}

function buildFile(node: RenderedNode): Record<string, unknown> {
  return {
    id: node.id,
    template: node.template,
    buildArgs: node.buildArgs,
    labels: Object.fromEntries(node.labels.map((l) => [l.key, l.fromBuildArg ? `\${${l.value}}` : l.value])),
    requiredLabels: node.requiredLabels,
  };
}
