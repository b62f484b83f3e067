import {
  type CatalogGraph,
  changedPlatforms,
  externalParentPlatforms,
  externalParents,
  type LockFile,
  type PlatformChange,
} from '@catalog/core';
import { parseReference, type RateLimit, type RegistryClient, type ResolvedPlatforms } from '@catalog/registry';

export type UpstreamResolver = Pick<RegistryClient, 'resolvePlatforms'> & Partial<Pick<RegistryClient, 'rateLimit'>>;

/** One external parent: what the lock says, what the registry says now, and what that means here. */
export interface RegistryUpstreamStatus {
  readonly ref: string;
  /** The nodes built FROM it. */
  readonly nodes: readonly string[];
  /** `changed`: a platform we build has a new manifest; `unlocked`: not in the lock yet. */
  readonly status: 'unchanged' | 'changed' | 'unlocked';
  readonly locked?: ResolvedPlatforms;
  readonly current: ResolvedPlatforms;
  readonly changedPlatforms: readonly PlatformChange[];
  /** The pull rate limit the upstream's registry reported (Docker Hub's `ratelimit-*` headers). */
  readonly rateLimit?: RateLimit;
}

/**
 * Resolves every external parent and compares it with the lock on the platforms the catalog
 * builds FROM it (its nodes' platforms). Errors (unreachable, 401, 429 after retries, malformed manifests) propagate: a check that
 * cannot see an upstream must not report "nothing changed".
 */
export async function checkRegistryUpstreams(
  graph: CatalogGraph,
  lock: LockFile,
  resolver: UpstreamResolver,
): Promise<RegistryUpstreamStatus[]> {
  const statuses: RegistryUpstreamStatus[] = [];
  const platformsOf = externalParentPlatforms(graph);
  for (const [ref, nodes] of externalParents(graph)) {
    const current = await resolver.resolvePlatforms(ref);
    const rateLimit = resolver.rateLimit?.(parseReference(ref).host);
    const limit = rateLimit ? { rateLimit } : {};
    const locked = lock.upstreams[ref];
    if (!locked) {
      statuses.push({ ref, nodes, status: 'unlocked', current, changedPlatforms: [], ...limit });
      continue;
    }
    const changes = changedPlatforms(locked.platforms, current.platforms, platformsOf.get(ref) ?? []);
    const status = changes.length > 0 ? 'changed' : 'unchanged';
    statuses.push({
      ref,
      nodes,
      status,
      locked: { digest: locked.digest, mediaType: locked.mediaType, platforms: { ...locked.platforms } },
      current,
      changedPlatforms: changes,
      ...limit,
    });
  }
  return statuses;
}

/** The reason a node built FROM a changed upstream is rebuilt. */
export function registryReason(status: RegistryUpstreamStatus): string {
  if (status.status === 'unlocked') return `upstream ${status.ref} is not locked yet`;
  const platforms = status.changedPlatforms.map((c) => c.platform).join(', ');
  return `upstream ${status.ref} changed (${platforms})`;
}
