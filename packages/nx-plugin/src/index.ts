import { posix } from 'node:path';
import {
  type CreateDependencies,
  type CreateNodesV2,
  DependencyType,
  type RawProjectGraphDependency,
} from '@nx/devkit';
import { catalogLinks, catalogProjects } from './catalog-projects.js';
import { DEFAULT_CATALOG, type PluginOptions, resolveOptions } from './plugin-options.js';
import { readCatalog } from './read-catalog.js';

export { catalogLinks, catalogProjects } from './catalog-projects.js';
export type { PluginOptions } from './plugin-options.js';
export { DEFAULT_TARGET_NAMES, type TargetNameOptions } from './target-names.js';

export const name = '@catalog/nx-plugin';

/** Projects from the workspace's catalog file: one per node (see catalog-projects.ts). */
export const createNodesV2: CreateNodesV2<PluginOptions> = [
  '**/catalog.yaml',
  async (files, options, context) => {
    // Checks every option (Nx shows the error for the plugin), then picks the catalog file.
    const wanted = posix.normalize(resolveOptions(options).catalog);
    const results = [];
    for (const file of files.filter((f) => posix.normalize(f) === wanted)) {
      const source = await readCatalog(context.workspaceRoot, file);
      results.push([file, { projects: catalogProjects(source, options) }] as const);
    }
    return results;
  },
];

/**
 * Dependencies child → parent from catalog.yaml: `nx graph` shows the hierarchy, the `^` in the
 * build and push targets' `dependsOn` runs parents first and `nx affected` follows them to
 * descendants. They are `implicit`, not `static`: a static dependency names a source file inside
 * the source project, and Nx attributes an edge whose file (catalog.yaml) belongs to no project to
 * whichever project it meets first, so several nodes would lose theirs.
 */
export const createDependencies: CreateDependencies<PluginOptions> = async (options, context) => {
  const catalogPath = posix.normalize(options?.catalog ?? DEFAULT_CATALOG);
  const projectNames = new Set(Object.values(context.projects).map((project) => project.name));
  let source: Awaited<ReturnType<typeof readCatalog>>;
  try {
    source = await readCatalog(context.workspaceRoot, catalogPath);
  } catch {
    return []; // no catalog (createNodes reports an invalid one)
  }
  return catalogLinks(source.loaded)
    .filter((link) => projectNames.has(link.child) && projectNames.has(link.parent))
    .map(
      (link): RawProjectGraphDependency => ({
        source: link.child,
        target: link.parent,
        type: DependencyType.implicit,
      }),
    );
};
