import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RenderedNode } from '@catalog/core';

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
 */
export async function writeRendered(root: string, out: string, nodes: readonly RenderedNode[]): Promise<WrittenNode[]> {
  const written: WrittenNode[] = [];
  for (const node of nodes) {
    const dir = join(out, node.outDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await cp(join(root, node.context), dir, {
      recursive: true,
      filter: (source) => !source.endsWith('.hbs'),
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    for (const file of node.files) await writeFile(join(dir, file.path), file.text);
    await writeFile(join(dir, 'Dockerfile'), node.dockerfile);
    await writeFile(join(dir, BUILD_FILE), `${JSON.stringify(buildFile(node), null, 2)}\n`);
    written.push({ id: node.id, dir });
  }
  return written;
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
