import { cosignSignatureTag } from '@catalog/builders';
import { type NodeReportSupply, platformsSupply, sbomPackageCount } from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { readPackageList } from './upstream/package-list.js';

export type SupplyStateRegistry = Pick<RegistryClient, 'resolve'> & Partial<Pick<RegistryClient, 'fetchArtifact'>>;

/**
 * What the registry holds about a published image's supply chain: whether cosign signed it (its
 * `.sig` tag; `tags` when the caller has the repository's tags already) and its SBOM's package
 * count. For images a run finds up to date, and `docs --from-registry`. Whose signature it is, only
 * `catalog verify` (with the key) can tell.
 */
export async function publishedSupply(
  registry: SupplyStateRegistry,
  repository: string,
  digest: string,
  tags?: readonly string[],
): Promise<NodeReportSupply> {
  const signed = await hasSignature(registry, repository, digest, tags);
  const recorded = registry.fetchArtifact
    ? await readPackageList({ fetchArtifact: registry.fetchArtifact.bind(registry) }, repository, digest)
    : undefined;
  return { signed, ...(recorded?.kind === 'sbom' ? { sbomPackages: sbomPackageCount(recorded.bom) } : {}) };
}

/** Whether the registry holds cosign signatures of `digest` (its `.sig` tag); `tags`: the repository's, when read already. */
async function hasSignature(
  registry: SupplyStateRegistry,
  repository: string,
  digest: string,
  tags?: readonly string[],
): Promise<boolean> {
  const sigTag = cosignSignatureTag(digest);
  return tags ? tags.includes(sigTag) : (await registry.resolve(`${repository}:${sigTag}`)) !== undefined;
}

/**
 * The same for an image index (a node built for several platforms): each platform's manifest has
 * its own signature and SBOM (their subject is that manifest), combined by core's platformsSupply,
 * and the index (`index`: its digest) its own signature.
 */
export async function publishedIndexSupply(
  registry: SupplyStateRegistry,
  repository: string,
  platforms: readonly { readonly platform: string; readonly digest: string }[],
  index: string,
  tags?: readonly string[],
): Promise<NodeReportSupply> {
  const each = [];
  for (const { platform, digest } of platforms)
    each.push({ platform, supply: await publishedSupply(registry, repository, digest, tags) });
  return platformsSupply(each, await hasSignature(registry, repository, index, tags));
}
