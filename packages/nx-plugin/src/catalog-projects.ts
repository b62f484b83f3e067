import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import {
  type CatalogNode,
  type ImageInputs,
  imageInputs,
  type LoadedCatalog,
  nodeEntries,
  nxProjectName,
  nxProjectRoot,
  renderFolder,
  type TemplateSource,
} from '@catalog/core';
import type { ProjectConfiguration, TargetConfiguration } from '@nx/devkit';
import { type InputDefinition, type PluginOptions, resolveOptions } from './plugin-options.js';
import type { TargetNames } from './target-names.js';

/** What the plugin maps: a loaded catalog, where it lives, and its template texts (to follow partials). */
export interface CatalogSource {
  readonly loaded: LoadedCatalog;
  /** The catalog's folder relative to the workspace root, '/'-separated; '' at the root. */
  readonly dir: string;
  /** The catalog file's name within `dir`. */
  readonly file: string;
  readonly templates: readonly TemplateSource[];
}

/** One parent → child link of the catalog, as Nx project names (the child depends on the parent). */
export interface ProjectLink {
  readonly child: string;
  readonly parent: string;
}

/** Nx file inputs for an image's own files: template, partials used, context, prepare tooling. */
function fileInputs(dir: string, inputs: ImageInputs): string[] {
  const at = (path: string) => `{workspaceRoot}/${posix.join(dir, path)}`;
  return [
    ...inputs.templates.map(at),
    `${at(inputs.context.replace(/\/$/, ''))}/**/*`,
    ...(inputs.prepare ? [at(inputs.prepare.tool), `${at(inputs.prepare.lib.replace(/\/$/, ''))}/**/*`] : []),
  ];
}

/**
 * Each node's effective catalog entry together with its ancestors', hashed: what the node's
 * output depends on in catalog.yaml. Comments, formatting and builder settings leave it unchanged.
 */
function entryHashes(loaded: LoadedCatalog): Map<string, string> {
  const entries = nodeEntries(loaded.catalog);
  const hashes = new Map<string, string>();
  for (const node of loaded.graph.order) {
    const parent = loaded.graph.parentOf(node.id);
    const hash = createHash('sha256')
      .update(parent ? (hashes.get(parent.id) ?? '') : '')
      .update(entries.get(node.id) ?? '')
      .digest('hex');
    hashes.set(node.id, hash);
  }
  return hashes;
}

interface NodeContext {
  readonly source: CatalogSource;
  readonly command: string;
  readonly names: TargetNames;
  readonly files: readonly string[];
  readonly renderInputs: readonly InputDefinition[];
  readonly entryHash: string;
}

function targets(node: CatalogNode, context: NodeContext): Record<string, TargetConfiguration> {
  const { source, command, names, files, entryHash, renderInputs } = context;
  const catalogPath = posix.join(source.dir, source.file);
  const cwd = posix.join('{workspaceRoot}', source.dir);
  const run = (args: string): TargetConfiguration['options'] => ({
    command: `${command} ${args} ${node.id} --catalog ${source.file}`,
    cwd,
    // Part of the task's hash: what catalog.yaml says about this node and its ancestors.
    env: { CATALOG_NX_ENTRY: entryHash },
  });
  // Uncached targets list catalog.yaml as an input so that `nx affected` selects them when it
  // changes (Nx compares files, not entries); their hash is never used. They run one at a time
  // (`parallelism: false`): builds of one workspace take a lock, and each uses `--jobs` itself.
  const uncached = { executor: 'nx:run-commands', cache: false, parallelism: false };
  const affectedInputs = [...files, `{workspaceRoot}/${catalogPath}`];
  return {
    [names.render]: {
      executor: 'nx:run-commands',
      options: run('render --out out/render'),
      cache: true,
      inputs: [...files, ...renderInputs],
      outputs: [`{workspaceRoot}/${posix.join(source.dir, 'out/render', renderFolder(node))}`],
    },
    [names.build]: { ...uncached, options: run('build'), dependsOn: [`^${names.build}`], inputs: affectedInputs },
    [names.push]: { ...uncached, options: run('build --push'), dependsOn: [`^${names.push}`], inputs: affectedInputs },
    [names.smokeTest]: { ...uncached, options: run('test'), inputs: affectedInputs },
  };
}

/**
 * One Nx project per catalog node, keyed by project root. Throws on invalid options, naming the
 * option and the fix (see plugin-options.ts).
 */
export function catalogProjects(
  source: CatalogSource,
  options: PluginOptions = {},
): Record<string, ProjectConfiguration> {
  const { command, renderInputs, targets: names } = resolveOptions(options);
  const { catalog } = source.loaded;
  const hashes = entryHashes(source.loaded);
  const filesOf = new Map(
    [...imageInputs(catalog.images, source.templates)].map(([name, inputs]) => [name, fileInputs(source.dir, inputs)]),
  );
  const projects: Record<string, ProjectConfiguration> = {};
  for (const node of catalog.nodes) {
    const root = nxProjectRoot(source.dir, node);
    const context = {
      source,
      command,
      names,
      renderInputs,
      files: filesOf.get(node.image) ?? [],
      entryHash: hashes.get(node.id) ?? '',
    };
    projects[root] = {
      root,
      name: nxProjectName(node),
      projectType: node.kind === 'app' ? 'application' : 'library',
      tags: ['catalog', `catalog:image:${node.image}`, `catalog:kind:${node.kind}`],
      metadata: { description: `catalog node ${node.id}` },
      targets: targets(node, context),
    };
  }
  return projects;
}

/** The catalog's parent → child links (parents inside the catalog only). */
export function catalogLinks(loaded: LoadedCatalog): ProjectLink[] {
  return loaded.catalog.nodes.flatMap((node) =>
    node.parent?.type === 'node' ? [{ child: nxProjectName(node), parent: nxProjectName(node.parent) }] : [],
  );
}
