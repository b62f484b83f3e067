import {
  type Catalog,
  type CatalogNode,
  digestReference,
  fullVersionTag,
  newestImmutableTag,
  type PublishedNode,
  repositoryOf,
  tagReference,
} from '@catalog/core';
import {
  type FetchedManifest,
  formatPlatform,
  isImageIndex,
  type Manifest,
  type RegistryClient,
} from '@catalog/registry';
import { publishedIndexSupply, publishedSupply, type SupplyStateRegistry } from './supply-state.js';

/**
 * What the registry holds of the catalog's images: the published state of each node (for the
 * docs) and the tags of each repository (for the next `-rN`). Read with the caller's client.
 */

/** What `publishedNodes` reads of a registry: the real RegistryClient, or a fake in tests. */
export type PublishedNodesRegistry = Pick<RegistryClient, 'listTags' | 'getManifest' | 'imageLabels'> &
  Partial<Pick<RegistryClient, 'resolve' | 'fetchArtifact'>>;

/**
 * What the registry holds for each node: the digest of its full version tag, the newest `-rN` tag,
 * the compressed size and the labels. Nodes whose full version tag is not there are left out.
 * Registry failures (unreachable, unauthorized) are RegistryErrors with a hint.
 */
export async function publishedNodes(
  catalog: Catalog,
  client: PublishedNodesRegistry,
): Promise<Map<string, PublishedNode>> {
  const state = new Map<string, PublishedNode>();
  const tagsByImage = new Map<string, string[]>();
  for (const node of catalog.nodes) {
    const repository = repositoryOf(catalog.registry, node.image);
    let tags = tagsByImage.get(node.image);
    if (!tags) {
      tags = await client.listTags(repository);
      tagsByImage.set(node.image, tags);
    }
    if (!tags.includes(fullVersionTag(node))) continue;
    const fetched = await client.getManifest(tagReference(catalog.registry, node));
    const newest = newestImmutableTag(node.version, node.variant, tags);
    state.set(node.id, {
      digest: fetched.digest,
      ...(newest ? { immutableTag: newest } : {}),
      ...sizeOf(fetched.manifest),
      labels: await client.imageLabels(digestReference(repository, fetched.digest)),
      testsPassed: true,
      ...(client.resolve ? { supply: await supplyOf(client as SupplyStateRegistry, repository, fetched, tags) } : {}),
    });
  }
  return state;
}

/** The image's signature and SBOM; for an index, each platform manifest's. */
function supplyOf(client: SupplyStateRegistry, repository: string, fetched: FetchedManifest, tags: readonly string[]) {
  const manifest = fetched.manifest;
  if (!isImageIndex(manifest)) return publishedSupply(client, repository, fetched.digest, tags);
  const platforms = manifest.manifests.flatMap((entry) =>
    entry.platform && entry.platform.architecture !== 'unknown'
      ? [{ platform: formatPlatform(entry.platform), digest: entry.digest }]
      : [],
  );
  return publishedIndexSupply(client, repository, platforms, fetched.digest, tags);
}

/** Config plus layers of a single-platform image; nothing for an index (sizes differ per platform). */
function sizeOf(manifest: Manifest): { sizeBytes?: number } {
  if (isImageIndex(manifest)) return {};
  return { sizeBytes: manifest.layers.reduce((sum, layer) => sum + layer.size, manifest.config.size) };
}

/** What the registry holds for the selected nodes' repositories, or why it could not be read. */
export type PublishedTags =
  | { readonly known: true; readonly registry: string; readonly tags: ReadonlyMap<string, readonly string[]> }
  | { readonly known: false; readonly registry: string; readonly reason: string };

/**
 * Lists the tags of every repository the nodes publish to, so the next `-rN` is the registry's
 * next, not a guess. One unreachable repository makes the whole answer unknown: a table half from
 * the registry and half assumed would mislead.
 */
export async function publishedTags(
  registry: string,
  nodes: readonly CatalogNode[],
  client: Pick<RegistryClient, 'listTags'>,
): Promise<PublishedTags> {
  const tags = new Map<string, readonly string[]>();
  for (const image of new Set(nodes.map((node) => node.image))) {
    try {
      tags.set(image, await client.listTags(repositoryOf(registry, image)));
    } catch (error) {
      return { known: false, registry, reason: error instanceof Error ? error.message : String(error) };
    }
  }
  return { known: true, registry, tags };
}
