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
import { mayBeTagOverwriteRefusal } from '@catalog/registry';
import type { NodeResult } from './node-pipeline.js';
import type { RegistryPort } from './ports.js';
import { withPublishLock } from './publish-lock.js';
import type { PlatformDigest, TagRecord } from './run-store.js';
import type { BuildRunSettings } from './settings.js';

const VERSION_LABEL = 'org.opencontainers.image.version';

export class PublishError extends CatalogToolError {
  readonly exitCode = 1;
}

/** What the tag phase needs of a run's settings (a build's, or `catalog publish`'s). */
export type PublishSettings = Pick<
  BuildRunSettings,
  'registry' | 'allowDowngrade' | 'onEvent' | 'publishLocks' | 'signal'
>;

/** A node's outcome as the tag phase reads it: its image (an index for several platforms) and each platform's manifest. */
export type PublishResult = Pick<NodeResult, 'id' | 'status' | 'digest'> & {
  readonly platforms?: readonly PlatformDigest[];
};

export interface PublishInput {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  /** The plan's nodes, parents first. */
  readonly nodes: readonly CatalogNode[];
  readonly results: ReadonlyMap<string, PublishResult>;
  readonly registry: RegistryPort;
  readonly settings: PublishSettings;
  /** Shown in the publish lock, so a waiting run can name the holder. */
  readonly command?: string;
  /** Called just before each tag write: the run notes the move it is about to make (see ledger-journal.ts). */
  readonly onTagging?: (record: TagRecord) => Promise<void>;
  /** Called as each tag moves, before the next: the run appends it to the ledger (a kill loses no line). */
  readonly onTagged?: (record: TagRecord) => Promise<void>;
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
 * Moves tags after the builds, parents first (core `publishableNodes`): rolling tags only for nodes
 * whose whole selected subtree succeeded, each checked against the no-downgrade guard; a new
 * immutable `-rN` for every rebuilt node that publishes, including a parent held back by a failed
 * branch whose other children publish. The first failure stops the phase: no tag moves after it.
 */
export async function publishTags(input: PublishInput): Promise<PublishOutcome> {
  const succeeded = new Set(
    [...input.results.values()].filter((r) => r.status === 'built' || r.status === 'up-to-date').map((r) => r.id),
  );
  const publishable = publishableNodes(input.graph, input.nodes, succeeded);
  const scopes = new Map(publishable.map((p) => [p.node.id, p.scope]));
  const held = new Map<string, string>();
  for (const id of succeeded) {
    const scope = scopes.get(id);
    if (scope === 'all') continue;
    held.set(
      id,
      scope === 'immutable'
        ? 'only its -rN tag moved: part of its subtree did not build (its rolling tags wait)'
        : 'not tagged: part of its subtree did not build',
    );
  }
  const tagged = new Map<string, readonly string[]>();
  const records: TagRecord[] = [];
  const plan = computeTags(input.catalog);
  for (const { node, scope } of publishable) {
    const result = input.results.get(node.id);
    if (!result?.digest) continue;
    try {
      const record = async (r: TagRecord): Promise<void> => {
        records.push(r);
        await input.onTagged?.(r);
      };
      const rolling = scope === 'all' ? (plan.get(node.id)?.rolling ?? []) : [];
      const tags = await lockedRepository(input, node, () => tagNode(input, node, result, rolling, record));
      tagged.set(node.id, tags);
      if (tags.length > 0) input.settings.onEvent({ type: 'tagged', id: node.id, tags });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { tagged, held, failure: { id: node.id, message }, records };
    }
  }
  return { tagged, held, records };
}

/** Runs `fn` holding the repository's publish lock when the run has a lock folder. */
function lockedRepository<T>(input: PublishInput, node: CatalogNode, fn: () => Promise<T>): Promise<T> {
  const { settings } = input;
  if (!settings.publishLocks) return fn();
  const repository = repositoryOf(settings.registry, node.image);
  return withPublishLock(
    repository,
    {
      dir: settings.publishLocks,
      command: input.command ?? 'catalog build --push',
      onWarning: (message) => settings.onEvent({ type: 'warning', message }),
      ...(settings.signal ? { signal: settings.signal } : {}),
    },
    fn,
  );
}

async function tagNode(
  input: PublishInput,
  node: CatalogNode,
  result: PublishResult,
  rolling: readonly string[],
  record: (r: TagRecord) => Promise<void>,
): Promise<string[]> {
  const { registry, settings } = input;
  const digest = result.digest as string;
  const repository = repositoryOf(settings.registry, node.image);
  const scheme = imageSpec(input.catalog, node.image).versioning;
  const moves: string[] = [];
  const previous = new Map<string, string>();
  const platforms = ledgerPlatforms(node, result);
  const line = (tag: string, before?: string): TagRecord => ({
    id: node.id,
    repository,
    tag,
    digest,
    ...(before ? { previous: before } : {}),
    ...platforms,
  });
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
    const immutable = await tagImmutable(input, node, line);
    applied.push(immutable);
    await record(line(immutable));
  }
  for (const tag of moves) {
    stopIfInterrupted(settings, `${repository}:${tag}`);
    const move = line(tag, previous.get(tag));
    await input.onTagging?.(move);
    await registry.tag(repository, digest, tag);
    applied.push(tag);
    await record(move);
  }
  return applied;
}

/** Each platform's manifest of the tagged image: the results' list, else the node's one platform (its digest is the manifest's). */
function ledgerPlatforms(node: CatalogNode, result: PublishResult): { platforms?: readonly PlatformDigest[] } {
  if (result.platforms && result.platforms.length > 0)
    return { platforms: result.platforms.map(({ platform, digest }) => ({ platform, digest })) };
  const only = node.platforms.length === 1 ? node.platforms[0] : undefined;
  return only && result.digest ? { platforms: [{ platform: only, digest: result.digest }] } : {};
}

/** How many revisions a publish tries when registries refuse, or other writers took, the next `-rN`. */
export const MAX_REVISION_ATTEMPTS = 5;

/**
 * Writes the node's next immutable `-rN` and reads it back. An N that exists already, or that the
 * registry refuses to overwrite (tag immutability) while another digest holds it, makes it try N+1,
 * a bounded number of times. A read-back naming another digest means another writer overwrote it
 * (a registry without immutability, a publisher without the lock): the phase stops.
 */
async function tagImmutable(input: PublishInput, node: CatalogNode, line: (tag: string) => TagRecord): Promise<string> {
  const { repository, digest } = line('');
  const { registry } = input;
  let revision = nextRevision(node.version, node.variant, await registry.listTags(repository));
  for (let attempt = 1; attempt <= MAX_REVISION_ATTEMPTS; attempt++, revision++) {
    const tag = revisionTag(node, revision);
    const ref = `${repository}:${tag}`;
    if (await registry.resolve(ref)) continue;
    stopIfInterrupted(input.settings, ref);
    await input.onTagging?.(line(tag));
    try {
      await registry.tag(repository, digest, tag);
    } catch (error) {
      const holder = mayBeTagOverwriteRefusal(error) ? await registry.resolve(ref) : undefined;
      if (holder && holder.digest !== digest) continue;
      throw error;
    }
    const now = await registry.resolve(ref);
    if (now?.digest !== digest) {
      throw new PublishError(
        `immutable tag ${ref} names ${now?.digest ?? 'nothing'} after this run wrote ${digest}: another writer won`,
        'another publish of this repository ran at the same time without the publish lock (another machine?); check the ledgers, then rerun',
      );
    }
    return tag;
  }
  throw takenError(revisionTag(node, revision - 1));
}

function takenError(tag: string): PublishError {
  return new PublishError(
    `immutable tag ${tag} and the ${MAX_REVISION_ATTEMPTS - 1} revisions before it were taken during this run`,
    'other publishes of this repository are running; rerun when they are done',
  );
}

/** Between tags: once the run is interrupted, no further tag moves. */
function stopIfInterrupted(settings: Pick<BuildRunSettings, 'signal'>, ref: string): void {
  if (settings.signal?.aborted)
    throw new PublishError(`interrupted before tagging ${ref}`, 'run the build again to finish publishing');
}
