import type { CatalogNode } from '../catalog/model.js';
import type { BuildReport } from '../report/build-report.js';
import { newestImmutableTag } from '../tags/guard.js';
import type { PublishedNode } from './model.js';

/**
 * What a build report (read with parseBuildReport) says about each node of the catalog: the
 * digest, the newest `-rN` tag the run applied and that the smoke tests passed. Failed and skipped
 * nodes, and nodes the catalog no longer has, are left out.
 */
export function publishedFromReport(
  report: BuildReport,
  nodes: readonly Pick<CatalogNode, 'id' | 'version' | 'variant'>[],
): Map<string, PublishedNode> {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const published = new Map<string, PublishedNode>();
  for (const entry of report.nodes) {
    const node = byId.get(entry.id);
    if (!node || (entry.status !== 'built' && entry.status !== 'up-to-date')) continue;
    const immutable = newestImmutableTag(node.version, node.variant, entry.tags);
    published.set(entry.id, {
      ...(entry.digest ? { digest: entry.digest } : {}),
      ...(immutable ? { immutableTag: immutable } : {}),
      testsPassed: true,
      ...(entry.supply ? { supply: entry.supply } : {}),
    });
  }
  return published;
}
