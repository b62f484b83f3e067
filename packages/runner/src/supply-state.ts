import { cosignSignatureTag } from '@catalog/builders';
import { type NodeReportSupply, sbomPackageCount } from '@catalog/core';
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
  const sigTag = cosignSignatureTag(digest);
  const signed = tags ? tags.includes(sigTag) : (await registry.resolve(`${repository}:${sigTag}`)) !== undefined;
  const recorded = registry.fetchArtifact
    ? await readPackageList({ fetchArtifact: registry.fetchArtifact.bind(registry) }, repository, digest)
    : undefined;
  return { signed, ...(recorded?.kind === 'sbom' ? { sbomPackages: sbomPackageCount(recorded.bom) } : {}) };
}
