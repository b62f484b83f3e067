import {
  type AffectedNode,
  type Catalog,
  type CatalogGraph,
  type LockedUpstream,
  type LockFile,
  nodeFamily,
  nodeSecuritySource,
  OS_FAMILIES,
  type OsFamilies,
  osFamily,
  platformDigest,
  type UpstreamTrigger,
  upstreamSelection,
} from '@catalog/core';
import { checkPublishedImages, type ImageFinding, type ImageNote, type PublishedImageReader } from './image-checks.js';
import {
  checkRegistryUpstreams,
  type RegistryUpstreamStatus,
  registryReason,
  type UpstreamResolver,
} from './registry-upstreams.js';
import { securityIndex } from './security-index.js';
import { securityMirror } from './security-mirror.js';
import { archiveKeyring } from './signed-manifest.js';

export interface UpstreamCheckInput {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  readonly lock: LockFile;
  readonly registry: UpstreamResolver & PublishedImageReader;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly now: Date;
  readonly cacheDir: string;
  readonly fetch?: typeof fetch;
  /**
   * Where the host's package sources are read when no mirror is configured (default the OS
   * family's folder: /etc/apt for Debian).
   */
  readonly aptDir?: string;
  /** The OS families the nodes may have (default OS_FAMILIES). */
  readonly families?: OsFamilies;
}

/** Everything `catalog upstream check` found, and the nodes it selects. */
export interface UpstreamReport {
  readonly upstreams: readonly RegistryUpstreamStatus[];
  readonly images: readonly ImageFinding[];
  readonly notes: readonly ImageNote[];
  /** Selected nodes with their reasons, parents first (`upstream …`, `security …`, `age …`, `parent <id>`). */
  readonly selected: readonly AffectedNode[];
  /**
   * Nodes to rebuild even when their inputs look unchanged: a security fix or an age arrives
   * through the package archive, which the input hash cannot see.
   */
  readonly refresh: readonly string[];
  /** The lock as it would be after `catalog upstream update`. */
  readonly lockUpdates: Readonly<Record<string, LockedUpstream>>;
}

/** Runs the whole check: registry upstreams against the lock, then published images' packages and ages. */
export async function runUpstreamCheck(input: UpstreamCheckInput): Promise<UpstreamReport> {
  const { catalog, graph } = input;
  const upstreams = await checkRegistryUpstreams(graph, input.lock, input.registry);
  const families = input.families ?? OS_FAMILIES;
  const indexes = new Map<string, Promise<ReadonlyMap<string, string>>>();
  const { findings, notes } = await checkPublishedImages({
    catalog,
    graph,
    registry: input.registry,
    now: input.now,
    families,
    index: async (request, node) => {
      const family = osFamily(nodeFamily(catalog, graph, node), families);
      const source = nodeSecuritySource(catalog, graph, node, families);
      const mirror = source ? await securityMirror(catalog, source, input.env, input.aptDir, family) : '';
      const key = `${family.name} ${mirror} ${request.suite} ${request.component} ${request.architecture}`;
      if (!indexes.has(key)) {
        const signature = family.security.signature;
        const keyring = signature
          ? archiveKeyring(signature, source?.mirror, input.env)
          : { path: '', variable: '', from: 'default' as const };
        const fetching = input.fetch ? { fetch: input.fetch } : {};
        const options = { cacheDir: input.cacheDir, family, keyring, ...fetching };
        indexes.set(key, securityIndex({ ...request, mirror }, options));
      }
      return indexes.get(key) as Promise<ReadonlyMap<string, string>>;
    },
  });
  const triggers: UpstreamTrigger[] = [];
  for (const status of upstreams) {
    if (status.status === 'unchanged') continue;
    for (const id of status.nodes) triggers.push({ id, reason: registryReason(status) });
  }
  for (const finding of findings) triggers.push({ id: finding.id, reason: findingReason(finding) });
  const lockUpdates = Object.fromEntries(upstreams.map((s) => [s.ref, { ...s.current }]));
  return {
    upstreams,
    images: findings,
    notes,
    selected: upstreamSelection(graph, triggers),
    refresh: findings.map((f) => f.id),
    lockUpdates,
  };
}

function findingReason(finding: ImageFinding): string {
  if (finding.fixes && finding.fixes.length > 0) {
    const names = finding.fixes.map((f) => `${f.name} ${f.fixed}`);
    const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
    return `security fixes in ${finding.suite}: ${shown}`;
  }
  return `older than rebuildAfter ${finding.age?.rebuildAfter} (${finding.age?.age})`;
}

/** Whether the report asks for rebuilds (exit code 3 of `catalog upstream check`). */
export function rebuildsDue(report: UpstreamReport): boolean {
  return report.selected.length > 0;
}

/** How a build pins an external parent: by its manifest for the one platform built, else by the index. */
export interface PinnedParent {
  readonly digest: string;
  readonly pullRef: string;
  /** Platform → manifest digest, from the lock. */
  readonly platforms: Readonly<Record<string, string>>;
}

/**
 * Pins for every upstream of a lock (or of fresh lock updates): `ref` → `repo@digest`, by the
 * platform's manifest when the nodes built FROM it have one platform (`platformsOf`: core's
 * externalParentPlatforms), else by the index.
 */
export function pinnedParents(
  upstreams: Readonly<Record<string, LockedUpstream>>,
  platformsOf: ReadonlyMap<string, readonly string[]>,
): Map<string, PinnedParent> {
  const pins = new Map<string, PinnedParent>();
  for (const [ref, entry] of Object.entries(upstreams)) {
    const platforms = platformsOf.get(ref) ?? [];
    const single = platforms.length === 1 ? platformDigest(entry.platforms, platforms[0] as string) : undefined;
    const digest = single ?? entry.digest;
    const repository = ref.replace(/@[^@]*$/, '').replace(/:[^:/]*$/, '');
    pins.set(ref, { digest, pullRef: `${repository}@${digest}`, platforms: entry.platforms });
  }
  return pins;
}
