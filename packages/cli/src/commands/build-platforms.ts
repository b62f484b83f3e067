import { type CatalogNode, type Diagnostic, InvalidInputError, type LoadedCatalog } from '@catalog/core';

/**
 * The platforms this build can make: this machine's only, so far. A node built for any other is
 * refused before anything starts, at the `platforms:` that asks for it, rather than built for one
 * platform and published as if it were all of them.
 */
export function assertBuildablePlatforms(
  loaded: Pick<LoadedCatalog, 'sourceMap'>,
  nodes: readonly CatalogNode[],
  host: string,
): void {
  const diagnostics: Diagnostic[] = [];
  for (const node of nodes) {
    if (node.platforms.length === 1 && node.platforms[0] === host) continue;
    const path = node.source.platforms ?? node.source.entry;
    diagnostics.push({
      code: 'platform-not-buildable',
      severity: 'error',
      file: loaded.sourceMap.file,
      position: loaded.sourceMap.valueAt(path),
      path,
      message:
        `${node.id} is to be built for ${node.platforms.join(', ')}; catalog build makes images for this ` +
        `machine's platform (${host}) only so far, and publishing one platform under tags meant for more would be wrong`,
      hint: `build it on a ${node.platforms.join(' / ')} machine, or set "platforms: [${host}]" while multi-platform builds are not available`,
    });
  }
  if (diagnostics.length > 0) throw new InvalidInputError(diagnostics);
}
