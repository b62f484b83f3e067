import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';
import type { BuildReport, NodeReport } from './build-report.js';

/** A build report and the file it was read from (named in errors). */
export interface ReportFile {
  readonly file: string;
  readonly report: BuildReport;
}

/** One platform's image of a node, as a machine's report gives it. */
export interface PlatformImage {
  readonly platform: string;
  readonly digest: string;
  readonly status: 'built' | 'up-to-date';
  readonly inputHash?: string;
  readonly file: string;
}

/** The reports of many machines, merged (see mergeReports). */
export interface MergedReports {
  /** Nodes whose every reported platform built or was up to date, with their images by platform. */
  readonly complete: ReadonlyMap<string, readonly PlatformImage[]>;
  /** Nodes a report says failed or were skipped (on a platform no other report built), and why. */
  readonly failed: ReadonlyMap<string, string>;
  /** Expected nodes no report mentions, in the order given. */
  readonly missing: readonly string[];
}

export interface MergeExpectation {
  /** The commit of the catalog being published: every report must have been built from it. */
  readonly revision: string;
  /** The registry being published to. */
  readonly registry: string;
  /** The nodes the reports together should cover (parents first). */
  readonly expected: readonly string[];
  /** Whether the catalog has a node with this id. */
  readonly has: (id: string) => boolean;
  /**
   * The platforms every node must have (`publish --platform`): a node missing one counts as not
   * built. Default: whatever the reports hold.
   */
  readonly platforms?: readonly string[];
  /** The platforms the catalog builds a node for (its `platforms:`): required when `platforms` is unset. */
  readonly platformsOf?: (id: string) => readonly string[];
}

/**
 * Merges the build reports of many machines (`catalog build --push --no-publish` on each) into one
 * outcome per node and platform. Refuses, naming the file and key of each problem, reports built
 * from another commit or for another registry, reports whose images were not pushed, nodes the
 * catalog does not have, and two digests for one node and platform. A platform that built on one
 * machine and failed on another counts as built.
 */
export function mergeReports(reports: readonly ReportFile[], expectation: MergeExpectation): MergedReports {
  const problems: Diagnostic[] = [];
  const images = new Map<string, Map<string, PlatformImage>>();
  const failures = new Map<string, Map<string, string>>();
  for (const { file, report } of reports) {
    const problem: Problem = (path, message, hint) =>
      void problems.push({ code: 'build-report', severity: 'error', file, path, message, hint });
    if (!checkHeader(report, expectation, problem)) continue;
    report.nodes.forEach((node, i) => {
      mergeNode(node, i, file, { images, failures, expectation, problem });
    });
  }
  if (problems.length > 0) throw new InvalidInputError(problems);
  return outcome(images, failures, expectation);
}

type Problem = (path: KeyPath, message: string, hint: string) => void;

interface MergeState {
  readonly images: Map<string, Map<string, PlatformImage>>;
  readonly failures: Map<string, Map<string, string>>;
  readonly expectation: MergeExpectation;
  readonly problem: Problem;
}

/** Adds one node entry of a report (`nodes[i]` of `file`) to the merge. */
function mergeNode(node: NodeReport, i: number, file: string, state: MergeState): void {
  const { problem } = state;
  const platform = node.platform;
  // A node built for several platforms on one machine: each platform's image, as if from its own report.
  if (node.platforms && node.platforms.length > 0 && (node.status === 'built' || node.status === 'up-to-date')) {
    for (const one of node.platforms) {
      const { platforms: _all, ...rest } = node;
      mergeNode({ ...rest, platform: one.platform, digest: one.digest, inputHash: one.inputHash }, i, file, state);
    }
    return;
  }
  if (!state.expectation.has(node.id)) {
    problem(['nodes', i, 'id'], `names ${node.id}, which the catalog has no node for`, REBUILD);
    return;
  }
  if (!platform) {
    problem(['nodes', i], `${node.id} has no platform`, REBUILD);
    return;
  }
  if (node.status === 'failed' || node.status === 'skipped') {
    const reason = `${node.status} on ${platform} (${file})${node.reason ? `: ${node.reason}` : ''}`;
    mapOf(state.failures, node.id).set(platform, reason);
    return;
  }
  if (!node.digest) {
    problem(['nodes', i, 'digest'], `${node.id} ${node.status} but has no digest`, REBUILD);
    return;
  }
  const image = imageOf(node, platform, node.digest, file);
  const others = [...mapOf(state.images, node.id).keys()].filter((p) => p !== platform);
  if (others.some((p) => p.includes(',') || platform.includes(','))) {
    problem(
      ['nodes', i, 'platform'],
      `${node.id} is an index of ${platform.includes(',') ? platform : others.join(' ')} in one report and per-platform images in another`,
      'publish either the bake of every platform or the per-platform builds, not both',
    );
    return;
  }
  const seen = mapOf(state.images, node.id).get(platform);
  if (seen && seen.digest !== image.digest) {
    problem(
      ['nodes', i, 'digest'],
      `${node.id} (${platform}) is ${image.digest} here and ${seen.digest} in ${seen.file}`,
      'two runs built this node for one platform: publish the reports of one run, remove the other',
    );
    return;
  }
  if (!seen) mapOf(state.images, node.id).set(platform, image);
}

const REBUILD = 'rebuild it with `catalog build --push --no-publish` from this catalog';

function checkHeader(report: BuildReport, expectation: MergeExpectation, problem: Problem): boolean {
  if (!report.revision) {
    problem(['schemaVersion'], 'has no catalog commit (written by an older catalog)', REBUILD);
    return false;
  }
  let ok = true;
  if (report.revision !== expectation.revision) {
    problem(
      ['revision'],
      `was built from commit ${report.revision}; this catalog is at ${expectation.revision}`,
      `check out ${report.revision} to publish it, or rebuild at ${expectation.revision}`,
    );
    ok = false;
  }
  if (report.registry !== expectation.registry) {
    problem(
      ['registry'],
      `was built for ${report.registry}; publishing to ${expectation.registry}`,
      'publish with the --registry the machines built for',
    );
    ok = false;
  }
  if (!report.pushed) {
    problem(['pushed'], 'its images were not pushed (built without --push)', REBUILD);
    ok = false;
  }
  return ok;
}

function imageOf(node: NodeReport, platform: string, digest: string, file: string): PlatformImage {
  return {
    platform,
    digest,
    status: node.status === 'built' ? 'built' : 'up-to-date',
    ...(node.inputHash ? { inputHash: node.inputHash } : {}),
    file,
  };
}

function outcome(
  images: ReadonlyMap<string, ReadonlyMap<string, PlatformImage>>,
  failures: ReadonlyMap<string, ReadonlyMap<string, string>>,
  { expected, platforms, platformsOf }: Pick<MergeExpectation, 'expected' | 'platforms' | 'platformsOf'>,
): MergedReports {
  const complete = new Map<string, readonly PlatformImage[]>();
  const failed = new Map<string, string>();
  const ids = new Set([...images.keys(), ...failures.keys()]);
  for (const id of ids) {
    const built = images.get(id) ?? new Map<string, PlatformImage>();
    const unbuilt = [...(failures.get(id) ?? new Map<string, string>())].filter(([platform]) => !built.has(platform));
    const required = platforms ?? platformsOf?.(id) ?? [];
    // A bake's entry names an index of several platforms at once (`linux/amd64,linux/arm64`).
    const covered = new Set([...built.keys()].flatMap((key) => key.split(',')));
    const absent = required.filter((p) => !covered.has(p) && !unbuilt.some(([u]) => u === p));
    const reasons = [...unbuilt.map(([, reason]) => reason), ...absent.map((p) => `no report has its ${p} image`)];
    if (reasons.length > 0) failed.set(id, reasons.join('; '));
    else
      complete.set(
        id,
        [...built.values()].sort((a, b) => a.platform.localeCompare(b.platform)),
      );
  }
  return { complete, failed, missing: expected.filter((id) => !ids.has(id)) };
}

function mapOf<V>(map: Map<string, Map<string, V>>, key: string): Map<string, V> {
  const inner = map.get(key) ?? new Map<string, V>();
  map.set(key, inner);
  return inner;
}
