import { type Catalog, fullVersionTag, newestImmutableTag, type PublishedNode, repositoryOf } from '@catalog/core';
import { isImageIndex, type Manifest, RegistryClient } from '@catalog/registry';
import type { CliIo } from '../io.js';

/**
 * What the registry holds for each node: the digest of its full version tag, the newest `-rN` tag,
 * the compressed size and the labels. Nodes whose full version tag is not there are left out.
 * Registry failures (unreachable, unauthorized) are RegistryErrors with a hint.
 */
export async function registryState(catalog: Catalog, io: CliIo): Promise<Map<string, PublishedNode>> {
  const client = new RegistryClient({ env: io.env });
  const state = new Map<string, PublishedNode>();
  const tagsByImage = new Map<string, string[]>();
  for (const node of catalog.nodes) {
    const repository = repositoryOf(catalog.registry, node.image);
    let tags = tagsByImage.get(node.image);
    if (!tags) {
      tags = await client.listTags(repository);
      tagsByImage.set(node.image, tags);
    }
    const prefix = fullVersionTag(node);
    if (!tags.includes(prefix)) continue;
    const fetched = await client.getManifest(`${repository}:${prefix}`);
    const newest = newestImmutableTag(node.version, node.variant, tags);
    state.set(node.id, {
      digest: fetched.digest,
      ...(newest ? { immutableTag: newest } : {}),
      ...sizeOf(fetched.manifest),
      labels: await client.imageLabels(`${repository}@${fetched.digest}`),
      testsPassed: true,
    });
  }
  return state;
}

/** Config plus layers of a single-platform image; nothing for an index (sizes differ per platform). */
function sizeOf(manifest: Manifest): { sizeBytes?: number } {
  if (isImageIndex(manifest)) return {};
  return { sizeBytes: manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size) };
}
