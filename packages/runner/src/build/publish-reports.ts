import type { Cosign } from '@catalog/builders';
import {
  BUILD_REPORT_SCHEMA_VERSION,
  type BuildReport,
  type CatalogNode,
  digestReference,
  type LoadedCatalog,
  type MergedReports,
  mergeReports,
  type NodeReport,
  newestImmutableTag,
  type PlatformImage,
  type ReportFile,
  repositoryOf,
  summarize,
} from '@catalog/core';
import { ledgerWriter, recoverNotedMove } from './ledger-journal.js';
import { acquireRunLock, staleLockWarning } from './lock.js';
import type { RegistryPort } from './ports.js';
import { PublishError, type PublishOutcome, type PublishResult, type PublishSettings, publishTags } from './publish.js';
import type { RunStore } from './run-store.js';

export interface PublishReportsInput {
  readonly loaded: Pick<LoadedCatalog, 'catalog' | 'graph'>;
  readonly reports: readonly ReportFile[];
  /** The nodes the reports should cover together (parents first); the others in the reports are left alone. */
  readonly nodes: readonly CatalogNode[];
  /** The commit of the catalog being published: every report must come from it. */
  readonly revision: string;
  /** The working folder (its run lock is held throughout). */
  readonly out: string;
  readonly settings: PublishSettings;
  readonly registry: RegistryPort;
  /** The ledger (and its write-ahead note); a dry run's store keeps them in memory. */
  readonly store: RunStore;
  readonly command: string;
  /** The platforms every node must have been built for (see core's MergeExpectation). */
  readonly platforms?: readonly string[];
  /**
   * Signs each image index this publish pushes, as `build --push` signs the indexes it pushes (the
   * same settings: `--no-sign`, CATALOG_SIGNING, the catalog's `signing:`). Absent: signing is off.
   */
  readonly cosign?: Cosign;
}

/**
 * `catalog publish`: the tag phase of `build --push`, over the reports of builds made elsewhere
 * (`build --push --no-publish`). Merges the reports (core mergeReports refuses another commit or
 * conflicting digests), checks every image is in the registry, pushes each node's platform index
 * when it was built for several platforms, then moves tags with the same code as a build
 * (publishTags: subtree rule, downgrade guard, next `-rN`, ledger). Nodes no report covers count as
 * not built: their subtrees stay untagged. Running it again finds every tag in place and moves none.
 */
export async function publishReports(input: PublishReportsInput): Promise<BuildReport> {
  const started = new Date();
  const { settings, registry } = input;
  const merged = mergeReports(input.reports, {
    revision: input.revision,
    registry: settings.registry,
    expected: input.nodes.map((n) => n.id),
    has: (id) => input.loaded.graph.has(id),
    platformsOf: (id) => input.loaded.graph.node(id).platforms,
    ...(input.platforms ? { platforms: input.platforms } : {}),
  });
  const inPlan = input.nodes.filter((n) => merged.complete.has(n.id));
  await checkImagesExist(inPlan, merged, input);
  const lock = await acquireRunLock(
    input.out,
    { command: input.command, registry: settings.registry, started: '' },
    started,
  );
  if (lock.takenOver) settings.onEvent({ type: 'warning', message: staleLockWarning(lock.file, lock.takenOver) });
  try {
    const recovered = await recoverNotedMove(input.store, registry);
    if (recovered) settings.onEvent({ type: 'warning', message: recovered });
    const results = new Map<string, PublishResult>();
    const failures = new Map<string, string>();
    for (const node of inPlan) {
      const image = await nodeImage(node, merged, input);
      const result = await alreadyPublished(node, image.result, input);
      const failure = image.indexPushed && result.status === 'built' ? await signIndex(node, result, input) : undefined;
      if (failure) failures.set(node.id, failure);
      results.set(node.id, failure ? { id: node.id, status: 'failed' } : result);
    }
    const publish = settings.signal?.aborted
      ? undefined
      : await publishTags({
          ...input.loaded,
          nodes: input.nodes,
          results,
          registry,
          settings,
          ...ledgerWriter(input.store, input.command),
          command: input.command,
        });
    return publishReport(input, merged, { results, failures }, publish, started);
  } finally {
    await lock.release();
  }
}

/** Every image the reports name must be in the registry before any tag moves. */
async function checkImagesExist(nodes: readonly CatalogNode[], merged: MergedReports, input: PublishReportsInput) {
  const absent: string[] = [];
  for (const node of nodes) {
    const repository = repositoryOf(input.settings.registry, node.image);
    for (const image of merged.complete.get(node.id) ?? []) {
      if (!(await input.registry.resolve(`${repository}@${image.digest}`)))
        absent.push(`${node.id} (${image.platform}) ${repository}@${image.digest}, from ${image.file}`);
    }
  }
  if (absent.length > 0)
    throw new PublishError(
      `${absent.length} image${absent.length === 1 ? '' : 's'} the reports name ${absent.length === 1 ? 'is' : 'are'} not in the registry: ${absent.join('; ')}`,
      'rebuild those nodes with `catalog build --push --no-publish` (or check that the machines pushed to this registry); no tag moved',
    );
}

/** A node's image: the one platform's (or a bake's index), or an index of its platforms pushed here by digest. */
async function nodeImage(
  node: CatalogNode,
  merged: MergedReports,
  input: PublishReportsInput,
): Promise<{ readonly result: PublishResult; readonly indexPushed: boolean }> {
  const images = merged.complete.get(node.id) as readonly PlatformImage[];
  const built = images.some((i) => i.status === 'built');
  const status = built ? 'built' : 'up-to-date';
  const first = images[0] as PlatformImage;
  const platforms = images.map(({ platform, digest }) => ({ platform, digest }));
  if (images.every((i) => i.digest === first.digest))
    return { result: { id: node.id, status, digest: first.digest, platforms }, indexPushed: false };
  const repository = repositoryOf(input.settings.registry, node.image);
  if (!input.registry.pushIndex) throw new PublishError(`cannot push the index of ${node.id}: no registry client`);
  const index = await input.registry.pushIndex(repository, images);
  input.settings.onEvent({
    type: 'step',
    id: node.id,
    step: 'push',
    detail: `index ${index.digest} of ${images.map((i) => i.platform).join(', ')} to ${repository}`,
  });
  // A new index is a new image, even of images found up to date: it gets its own -rN.
  return { result: { id: node.id, status: 'built', digest: index.digest, platforms }, indexPushed: true };
}

/**
 * Signs the index this publish pushed (its tags will name it, so `cosign verify <tag>` checks its
 * signature); its platforms were signed by the machines that built them. An index published before
 * (a rerun finds it up to date) is not signed again. A failure fails the node, as in a build: its
 * subtree is not tagged. Returns the failure, if any.
 */
async function signIndex(
  node: CatalogNode,
  result: PublishResult,
  input: PublishReportsInput,
): Promise<string | undefined> {
  if (!input.cosign || !result.digest) return undefined;
  const reference = digestReference(repositoryOf(input.settings.registry, node.image), result.digest);
  const onEvent = input.settings.onEvent;
  onEvent({ type: 'step', id: node.id, step: 'push', detail: `signing the image index ${reference}` });
  try {
    await input.cosign.sign(reference, {
      ...(input.settings.signal ? { signal: input.settings.signal } : {}),
      onCommand: (argv) => onEvent({ type: 'command', id: node.id, argv: [...argv] }),
    });
    return undefined;
  } catch (error) {
    const hint = (error as { hint?: string }).hint;
    const reason = `${(error as Error).message}${hint ? ` (${hint})` : ''}`;
    onEvent({ type: 'node', id: node.id, status: 'failed', reason });
    return reason;
  }
}

/**
 * A node built elsewhere whose newest `-rN` already names its image was published before (by an
 * earlier run of this publish): it is up to date, so a rerun gives it no new `-rN`.
 */
async function alreadyPublished(
  node: CatalogNode,
  result: PublishResult,
  input: PublishReportsInput,
): Promise<PublishResult> {
  if (result.status !== 'built') return result;
  const repository = repositoryOf(input.settings.registry, node.image);
  const newest = newestImmutableTag(node.version, node.variant, await input.registry.listTags(repository));
  const current = newest ? await input.registry.resolve(`${repository}:${newest}`) : undefined;
  return current?.digest === result.digest ? { ...result, status: 'up-to-date' } : result;
}

function publishReport(
  input: PublishReportsInput,
  merged: MergedReports,
  { results, failures }: { results: ReadonlyMap<string, PublishResult>; failures: ReadonlyMap<string, string> },
  publish: PublishOutcome | undefined,
  started: Date,
): BuildReport {
  const nodes: NodeReport[] = input.nodes.map((node) => {
    const result = results.get(node.id);
    const images = merged.complete.get(node.id) ?? [];
    const failed = merged.failed.get(node.id);
    const reason =
      failures.get(node.id) ??
      (result
        ? publish?.held.get(node.id)
        : (failed ?? 'no report covers it (a machine missing?): its subtree stays untagged'));
    return {
      id: node.id,
      ...(images.length === 1 ? { platform: images[0]?.platform } : {}),
      status: result?.status ?? (failed ? 'failed' : 'skipped'),
      ...(reason ? { reason } : {}),
      ...(result?.digest ? { digest: result.digest } : {}),
      tags: [...(publish?.tagged.get(node.id) ?? [])],
      ...(images.length === 1 && images[0]?.inputHash ? { inputHash: images[0].inputHash } : {}),
    };
  });
  return {
    schemaVersion: BUILD_REPORT_SCHEMA_VERSION,
    registry: input.settings.registry,
    revision: input.revision,
    pushed: true,
    published: publish !== undefined,
    interrupted: input.settings.signal?.aborted ?? false,
    startedAt: started.toISOString(),
    durationMs: Date.now() - started.getTime(),
    summary: summarize(nodes),
    nodes,
    ...(publish?.failure ? { publishFailure: publish.failure } : {}),
  };
}
