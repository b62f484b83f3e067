import type { Diagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import type { CatalogGraph } from '../graph/graph.js';
import { repositoryOf } from '../names/names.js';
import { bakeTargetName } from '../plan/plan-formats.js';
import { BUILD_REPORT_SCHEMA_VERSION, type BuildReport, type NodeReport, summarize } from './build-report.js';

/** What `docker buildx bake --metadata-file` writes per target (the parts read here). */
interface BakeTargetMetadata {
  readonly 'containerimage.digest'?: unknown;
  readonly 'image.name'?: unknown;
}

export interface BakeReportContext {
  readonly graph: CatalogGraph;
  readonly registry: string;
  /** The commit the bake built (the checkout `plan --format bake` ran in). */
  readonly revision: string;
  /** The platforms of each pushed digest (`linux/amd64,linux/arm64` for an index), from the registry. */
  readonly platformsOf: (id: string, digest: string) => string;
}

/**
 * The build report of a `docker buildx bake` run of `plan --format bake`, from its metadata file:
 * one built node per target of a catalog node, its digest pushed by digest, for `catalog publish`.
 * A target that is no node (an artifact stage) is left out; a pushed image of another repository,
 * or a target without a digest, is an error naming the file and target.
 */
export function bakeMetadataNodes(
  text: string,
  file: string,
  context: Omit<BakeReportContext, 'platformsOf'>,
): { readonly id: string; readonly digest: string }[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bakeError(file, [], `not a complete JSON document: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw bakeError(file, [], 'not a bake metadata file: expected a JSON object of targets');
  const byTarget = new Map(context.graph.order.map((node) => [bakeTargetName(node.id), node]));
  const nodes: { id: string; digest: string }[] = [];
  const problems: Diagnostic[] = [];
  for (const [target, value] of Object.entries(parsed as Record<string, BakeTargetMetadata>)) {
    const node = byTarget.get(target);
    if (!node) continue;
    const digest = value?.['containerimage.digest'];
    const name = value?.['image.name'];
    const repository = repositoryOf(context.registry, node.image);
    if (typeof digest !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(digest))
      problems.push(diagnostic(file, [target, 'containerimage.digest'], `${target} has no image digest`));
    else if (typeof name !== 'string' || name.split(',')[0] !== repository)
      problems.push(
        diagnostic(file, [target, 'image.name'], `${target} was pushed to ${String(name)}, not ${repository}`),
      );
    else nodes.push({ id: node.id, digest });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return nodes;
}

/** The report of the nodes a bake pushed (see bakeMetadataNodes), platforms resolved. */
export function bakeReport(
  nodes: readonly { readonly id: string; readonly digest: string }[],
  context: BakeReportContext,
): BuildReport {
  const entries: NodeReport[] = nodes.map(({ id, digest }) => ({
    id,
    platform: context.platformsOf(id, digest),
    status: 'built',
    digest,
    tags: [],
  }));
  return {
    schemaVersion: BUILD_REPORT_SCHEMA_VERSION,
    registry: context.registry,
    revision: context.revision,
    pushed: true,
    published: false,
    interrupted: false,
    startedAt: new Date(0).toISOString(),
    durationMs: 0,
    summary: summarize(entries),
    nodes: entries,
  };
}

const HINT =
  'pass the file `docker buildx bake --metadata-file FILE` wrote for the bake file of `catalog plan --format bake`';

function diagnostic(file: string, path: string[], message: string): Diagnostic {
  return { code: 'bake-metadata', severity: 'error', file, path, message, hint: HINT };
}

function bakeError(file: string, path: string[], message: string): InvalidInputError {
  return new InvalidInputError([diagnostic(file, path, message)]);
}
