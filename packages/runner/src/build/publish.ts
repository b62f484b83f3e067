import {
  type Catalog,
  type CatalogGraph,
  type CatalogNode,
  CatalogToolError,
  computeTags,
  decideTagMove,
  imageSpec,
  nextRevision,
  publishableNodes,
  repositoryOf,
  revisionTag,
} from '@catalog/core';
import type { NodeResult } from './node-pipeline.js';
import type { RegistryPort } from './ports.js';
import type { TagRecord } from './run-store.js';
import type { BuildRunSettings } from './settings.js';

const VERSION_LABEL = 'org.opencontainers.image.version';

export class PublishError extends CatalogToolError {
  readonly exitCode = 1;
}

export interface PublishInput {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  /** The plan's nodes, parents first. */
  readonly nodes: readonly CatalogNode[];
  readonly results: ReadonlyMap<string, NodeResult>;
  readonly registry: RegistryPort;
  readonly settings: BuildRunSettings;
}

export interface PublishOutcome {
  /** Tags applied, per node id. */
  readonly tagged: ReadonlyMap<string, readonly string[]>;
  /** Nodes that built but keep their old tags, and why. */
  readonly held: ReadonlyMap<string, string>;
  /** The failure that stopped the tag phase; no tag moved after it. */
  readonly failure?: { readonly id: string; readonly message: string };
  /** Every tag applied, with the digest it pointed at before (for the publish ledger). */
  readonly records: readonly TagRecord[];
}

/**
 * Moves tags after the builds: only for nodes whose whole selected subtree succeeded, parents
 * first, each rolling tag checked against the no-downgrade guard, and a new immutable `-rN` for
 * every node actually rebuilt. The first failure stops the phase: no tag moves after it.
 */
export async function publishTags(input: PublishInput): Promise<PublishOutcome> {
  const succeeded = new Set(
    [...input.results.values()].filter((r) => r.status === 'built' || r.status === 'up-to-date').map((r) => r.id),
  );
  const publishable = publishableNodes(input.graph, input.nodes, succeeded);
  const allowed = new Set(publishable.map((n) => n.id));
  const held = new Map<string, string>();
  for (const id of succeeded) if (!allowed.has(id)) held.set(id, 'not tagged: part of its subtree did not build');
  const tagged = new Map<string, readonly string[]>();
  const records: TagRecord[] = [];
  const plan = computeTags(input.catalog);
  for (const node of publishable) {
    const result = input.results.get(node.id);
    if (!result?.digest) continue;
    try {
      const tags = await tagNode(input, node, result, plan.get(node.id)?.rolling ?? [], records);
      tagged.set(node.id, tags);
      if (tags.length > 0) input.settings.onEvent({ type: 'tagged', id: node.id, tags });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { tagged, held, failure: { id: node.id, message }, records };
    }
  }
  return { tagged, held, records };
}

async function tagNode(
  input: PublishInput,
  node: CatalogNode,
  result: NodeResult,
  rolling: readonly string[],
  records: TagRecord[],
): Promise<string[]> {
  const { registry, settings } = input;
  const digest = result.digest as string;
  const repository = repositoryOf(settings.registry, node.image);
  const scheme = imageSpec(input.catalog, node.image).versioning;
  const moves: string[] = [];
  const previous = new Map<string, string>();
  for (const tag of rolling) {
    const ref = `${repository}:${tag}`;
    const current = await registry.resolve(ref);
    if (current?.digest === digest) continue;
    if (current) previous.set(tag, current.digest);
    const currentVersion = current ? (await registry.imageLabels(ref))[VERSION_LABEL] : undefined;
    const decision = decideTagMove({
      tag,
      version: node.version,
      current: currentVersion,
      scheme,
      allowDowngrade: settings.allowDowngrade,
    });
    if (decision.action === 'refuse') {
      throw new PublishError(
        `refused to move ${ref}: ${decision.reason}`,
        'publish a higher version, or pass --allow-downgrade',
      );
    }
    if (decision.action !== 'keep') moves.push(tag);
  }
  const applied: string[] = [];
  if (result.status === 'built') {
    const immutable = revisionTag(node, nextRevision(node.version, node.variant, await registry.listTags(repository)));
    // Immutable tags are never overwritten: if another publish took this N meanwhile, stop.
    if (await registry.resolve(`${repository}:${immutable}`)) {
      throw new PublishError(
        `immutable tag ${repository}:${immutable} appeared during this run`,
        'another publish ran at the same time; rerun',
      );
    }
    stopIfInterrupted(settings, `${repository}:${immutable}`);
    await registry.tag(repository, digest, immutable);
    applied.push(immutable);
    records.push({ id: node.id, repository, tag: immutable, digest });
  }
  for (const tag of moves) {
    stopIfInterrupted(settings, `${repository}:${tag}`);
    await registry.tag(repository, digest, tag);
    applied.push(tag);
    const before = previous.get(tag);
    records.push({ id: node.id, repository, tag, digest, ...(before ? { previous: before } : {}) });
  }
  return applied;
}

/** Between tags: once the run is interrupted, no further tag moves. */
function stopIfInterrupted(settings: Pick<BuildRunSettings, 'signal'>, ref: string): void {
  if (settings.signal?.aborted)
    throw new PublishError(`interrupted before tagging ${ref}`, 'run the build again to finish publishing');
}
