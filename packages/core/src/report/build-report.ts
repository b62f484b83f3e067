import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/**
 * The build report: the machine-readable outcome of `catalog build` (`--report FILE`, `--json`,
 * `out/last-build.json`), a versioned contract. The runner writes it; docs, builds (the last run's
 * durations order the next queue) and anything later read it through `parseBuildReport`, which
 * refuses another schema version or a damaged file with an error naming the file.
 *
 * Version 2 added what lets many machines build and one publish (`catalog publish`): the catalog's
 * commit (`revision`), whether the run moved tags (`published`) and each node's `platform`. Version 1
 * reports are still read (without those fields).
 */
export const BUILD_REPORT_SCHEMA_VERSION = 2;

/** The versions `parseBuildReport` reads. */
export const READABLE_REPORT_VERSIONS: readonly number[] = [1, BUILD_REPORT_SCHEMA_VERSION];

export const NODE_STATUSES = ['built', 'up-to-date', 'failed', 'skipped'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export interface NodeReport {
  readonly id: string;
  /**
   * The OCI platform the image was built for (`linux/amd64`); for an index built elsewhere (a bake),
   * its platforms, comma-separated. Absent in version 1 reports.
   */
  readonly platform?: string;
  readonly status: NodeStatus;
  readonly reason?: string;
  /**
   * The manifest digest (built here, or found up to date in the registry); for a node built for
   * several platforms and pushed, the digest of its OCI image index.
   */
  readonly digest?: string;
  /**
   * Per platform, for a node built for several: the platform's own manifest digest and input hash.
   * Absent for a node built for one platform (its `digest` and `inputHash` are that platform's).
   */
  readonly platforms?: readonly NodeReportPlatform[];
  /** Tags this run applied. */
  readonly tags: readonly string[];
  readonly inputHash?: string;
  readonly durationMs?: number;
  readonly logFile?: string;
  /** The end of the builder's log, for failures. */
  readonly tail?: readonly string[];
  /** Why the node was selected, for selections with reasons (`build --upstream-changed`). */
  readonly selectedBy?: string;
  /** The node's compiled artifact (images with `artifact:`): reused from the registry or compiled. */
  readonly artifact?: NodeReportArtifact;
  /** What was published about the image (`build --push`): signed or not, its SBOM's package count. */
  readonly supply?: NodeReportSupply;
}

/** A published image's signature and attestations, as the build made them. */
export interface NodeReportSupply {
  /** Signed with cosign, with the SBOM and provenance attached as signed attestations. */
  readonly signed: boolean;
  /** How: with a key, or keyless (CI's OIDC identity). */
  readonly signing?: 'key' | 'keyless';
  /** How many packages (OS, Python, built from source) the SBOM lists; absent without an SBOM. */
  readonly sbomPackages?: number;
  /**
   * For a node built for several platforms, each platform's image (its own signature and SBOM);
   * `signed` then says whether every one is signed, and there is no node-wide `sbomPackages`.
   */
  readonly platforms?: readonly PlatformSupply[];
  /**
   * For a node built for several platforms: whether its image index (what its tags name, what
   * `cosign verify <tag>` checks) is signed too. Absent in reports written before indexes were signed.
   */
  readonly indexSigned?: boolean;
}

/** One platform's image of a node built for several: signed or not, its SBOM's package count. */
export interface PlatformSupply {
  readonly platform: string;
  readonly signed: boolean;
  readonly sbomPackages?: number;
}

/** The supply facts of a node built for several platforms, from each platform's. */
export function platformsSupply(
  platforms: readonly { readonly platform: string; readonly supply: NodeReportSupply }[],
  indexSigned?: boolean,
): NodeReportSupply {
  const signing = platforms.find((p) => p.supply.signing)?.supply.signing;
  return {
    signed: platforms.length > 0 && platforms.every((p) => p.supply.signed),
    ...(signing ? { signing } : {}),
    ...(indexSigned === undefined ? {} : { indexSigned }),
    platforms: platforms.map(({ platform, supply }) => ({
      platform,
      signed: supply.signed,
      ...(supply.sbomPackages === undefined ? {} : { sbomPackages: supply.sbomPackages }),
    })),
  };
}

/** One platform of a node in the report. */
export interface NodeReportPlatform {
  /** `linux/arm64` (core's platform names). */
  readonly platform: string;
  readonly digest?: string;
  readonly inputHash?: string;
}

/** A compiled artifact in the report: its key, its manifest digest, whether it was reused. */
export interface NodeReportArtifact {
  readonly key: string;
  readonly digest: string;
  readonly reused: boolean;
}

export interface BuildReport {
  readonly schemaVersion: 1 | typeof BUILD_REPORT_SCHEMA_VERSION;
  readonly registry: string;
  /** The catalog's commit the run built from (CATALOG_REVISION, else git); absent in version 1 reports. */
  readonly revision?: string;
  readonly pushed: boolean;
  /** Whether the run moved tags (false for `build --push --no-publish`); absent in version 1 reports. */
  readonly published?: boolean;
  readonly interrupted: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Readonly<Record<NodeStatus, number>>;
  readonly nodes: readonly NodeReport[];
  /** What stopped the tag phase, when something did. */
  readonly publishFailure?: { readonly id: string; readonly message: string };
}

const count = z.number().int().nonnegative();

const nodeSchema = z.object({
  id: z.string().min(1),
  platform: z
    .string()
    .regex(
      /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?(,[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?)*$/,
      'expected os/architecture[/variant], or a comma-separated list of them for an index',
    )
    .optional(),
  status: z.enum(NODE_STATUSES),
  reason: z.string().optional(),
  digest: z.string().optional(),
  platforms: z
    .array(z.object({ platform: z.string().min(1), digest: z.string().optional(), inputHash: z.string().optional() }))
    .optional(),
  tags: z.array(z.string()),
  inputHash: z.string().optional(),
  durationMs: count.optional(),
  logFile: z.string().optional(),
  tail: z.array(z.string()).optional(),
  selectedBy: z.string().optional(),
  artifact: z.object({ key: z.string(), digest: z.string(), reused: z.boolean() }).optional(),
  supply: z
    .object({
      signed: z.boolean(),
      signing: z.enum(['key', 'keyless']).optional(),
      sbomPackages: count.optional(),
      platforms: z
        .array(z.object({ platform: z.string().min(1), signed: z.boolean(), sbomPackages: count.optional() }))
        .optional(),
      indexSigned: z.boolean().optional(),
    })
    .optional(),
});

const reportSchema = z.object({
  schemaVersion: z.union([z.literal(1), z.literal(BUILD_REPORT_SCHEMA_VERSION)]),
  registry: z.string(),
  revision: z.string().min(1).optional(),
  pushed: z.boolean(),
  published: z.boolean().optional(),
  interrupted: z.boolean(),
  startedAt: z.string(),
  durationMs: count,
  summary: z.object({ built: count, 'up-to-date': count, failed: count, skipped: count }),
  nodes: z.array(nodeSchema),
  publishFailure: z.object({ id: z.string(), message: z.string() }).optional(),
});

/** Reads a build report's text; `file` names it in errors. */
export function parseBuildReport(text: string, file: string): BuildReport {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw reportError(file, `not a complete JSON document (truncated or damaged?): ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw reportError(file, 'not a build report: expected a JSON object');
  const version = (parsed as { schemaVersion?: unknown }).schemaVersion;
  if (version === undefined)
    throw reportError(file, 'has no "schemaVersion": written by an older catalog, or not a build report');
  if (typeof version !== 'number' || !READABLE_REPORT_VERSIONS.includes(version))
    throw reportError(
      file,
      `has schemaVersion ${JSON.stringify(version)}; this catalog reads versions ${READABLE_REPORT_VERSIONS.join(' and ')}`,
    );
  const result = reportSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? issue.path.join('.') : '(top level)';
    throw reportError(file, `not a valid build report: ${at}: ${issue?.message ?? 'invalid'}`);
  }
  return result.data as BuildReport;
}

function reportError(file: string, message: string): InvalidInputError {
  return new InvalidInputError([
    {
      code: 'build-report',
      severity: 'error',
      file,
      message,
      hint: 'rebuild to write a new one (`catalog build`), or remove the file; with --report, pass a file `catalog build --report FILE` wrote',
    },
  ]);
}

/** Counts the nodes of each status. */
export function summarize(nodes: readonly Pick<NodeReport, 'status'>[]): Record<NodeStatus, number> {
  const summary: Record<NodeStatus, number> = { built: 0, 'up-to-date': 0, failed: 0, skipped: 0 };
  for (const node of nodes) summary[node.status]++;
  return summary;
}

/** Whether the run did everything it was asked: nothing failed, skipped or left untagged. */
export function succeeded(report: BuildReport): boolean {
  return !report.interrupted && report.summary.failed === 0 && report.summary.skipped === 0 && !report.publishFailure;
}
