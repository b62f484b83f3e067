import { type CatalogNode, canonicalPlatform, knownPlatformNames, UsageError } from '@catalog/core';

/**
 * `catalog build --platform P`: each selected node built for P alone, as one job of a pipeline that
 * builds each platform on its own machine (`plan --format github|tekton`). Its image is pushed by
 * digest only: a tag names all of a node's platforms, so `catalog publish` moves tags once every
 * platform's report is in.
 */
export function onlyPlatform(
  nodes: readonly CatalogNode[],
  text: string,
  options: { readonly push: boolean; readonly publish: boolean },
): { readonly platform: string; readonly nodes: readonly CatalogNode[] } {
  const platform = canonicalPlatform(text);
  if (!platform) throw new UsageError(`--platform ${text} is not a platform`, `use one of ${knownPlatformNames()}`);
  if (options.push && options.publish)
    throw new UsageError(
      "--platform builds one of a node's platforms, and its tags name all of them",
      'add --no-publish and tag with `catalog publish` once every platform is built',
    );
  const missing = nodes.filter((node) => !node.platforms.includes(platform));
  if (missing.length > 0)
    throw new UsageError(
      `${missing.map((node) => node.id).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not built for ${platform} (platforms: ${[...new Set(missing.flatMap((node) => node.platforms))].join(', ')})`,
      `select only nodes built for ${platform}, or add it to their platforms: in catalog.yaml`,
    );
  return { platform, nodes: nodes.map((node) => ({ ...node, platforms: [platform] })) };
}
