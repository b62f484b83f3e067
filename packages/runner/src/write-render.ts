import { cp, lstat, mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { type Diagnostic, InvalidInputError, type RenderedNode } from '@catalog/core';
import { type CatalogFolder, catalogFolder, isInside, resolveInFolder } from './catalog-paths.js';

/** The file next to each Dockerfile that tells builders (and people) how to build it. */
export const BUILD_FILE = 'build.json';

export interface WrittenNode {
  readonly id: string;
  /** The folder holding the Dockerfile and the build context. */
  readonly dir: string;
}

/**
 * Writes each rendered node to `<out>/<image>/<version>[-<variant>]/`: the build context copied from
 * the catalog (templates left out), the rendered context files, the Dockerfile and build.json. The
 * folder is replaced whole, so nothing stale survives a re-render.
 *
 * Only what is inside the catalog's folder is copied: a context, or a link in it, that leads out of
 * the folder is an error (readTemplates reports them first, at their catalog position). Files this
 * writes replace whatever the context held under their name, links included, never writing through one.
 */
export async function writeRendered(root: string, out: string, nodes: readonly RenderedNode[]): Promise<WrittenNode[]> {
  const folder = await catalogFolder(root);
  const written: WrittenNode[] = [];
  for (const node of nodes) {
    const dir = join(out, node.outDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const context = await resolveInFolder(folder, node.context);
    if (context && 'outside' in context) throw outsideError(node, node.context, context.outside);
    if (context) {
      await cp(context.real, dir, {
        recursive: true,
        filter: async (source) => !source.endsWith('.hbs') && (await staysInside(folder, node, source)),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
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
