import type { VersioningScheme } from '../catalog/model.js';
import { fullVersionTag, revisionTag } from '../names/names.js';
import { compareVersions, parseVersion } from '../version/version.js';
import { IMMUTABLE_TAIL, isImmutableTag } from './rules.js';

/**
 * Publish-time guards. Before moving a rolling tag the publisher reads what the tag points at in the
 * registry now (its version label) and asks `decideTagMove`; before pushing an immutable tag it asks
 * `nextRevision` with every tag the registry (or a ledger) reports for the repository.
 */

export type TagMoveAction = 'create' | 'move' | 'keep' | 'refuse';

export interface TagMoveDecision {
  readonly action: TagMoveAction;
  readonly reason: string;
}

export interface TagMoveRequest {
  /** The tag about to be pushed: `3`, `3.13`, `3.13.5-slim`, `latest`, ... */
  readonly tag: string;
  /** The version about to be published under it. */
  readonly version: string;
  /** The version label of the image the tag points at now; undefined when the tag does not exist. */
  readonly current: string | undefined;
  readonly scheme: VersioningScheme;
  /** Let the tag move to a lower version (or away from an image without a readable version label). */
  readonly allowDowngrade?: boolean;
  /** Digest about to be published and digest the tag points at now: equal digests need no push. */
  readonly digest?: string;
  readonly currentDigest?: string;
}

/**
 * Whether a tag may be pushed: `create` (the tag is new), `move` (to a higher version, or a rebuild of
 * the same version), `keep` (it already points at this very digest), `refuse` (a downgrade without
 * `allowDowngrade`, an unreadable version label, or an existing immutable `-rN` tag, which is never
 * overwritten, whatever the options).
 */
export function decideTagMove(request: TagMoveRequest): TagMoveDecision {
  const { tag, version, current, scheme } = request;
  if (current === undefined) return { action: 'create', reason: `"${tag}" does not exist yet` };
  if (request.digest !== undefined && request.digest === request.currentDigest) {
    return { action: 'keep', reason: `"${tag}" already points at ${request.digest}` };
  }
  if (isImmutableTag(tag)) return { action: 'refuse', reason: `"${tag}" is immutable and already published` };
  const next = parseVersion(version, scheme);
  if (!next) return { action: 'refuse', reason: `"${version}" is not a valid ${scheme} version` };
  const now = parseVersion(current, scheme);
  const override = request.allowDowngrade === true;
  if (!now) {
    return override
      ? { action: 'move', reason: `"${tag}" carries no readable version ("${current}"); moving it as allowed` }
      : {
          action: 'refuse',
          reason: `"${tag}" points at "${current}", not a ${scheme} version; refusing to overwrite it`,
        };
  }
  const order = compareVersions(next, now);
  if (order > 0) return { action: 'move', reason: `"${tag}" moves up from ${current} to ${version}` };
  if (order === 0) return { action: 'move', reason: `"${tag}" moves to a rebuild of ${version}` };
  return override
    ? { action: 'move', reason: `"${tag}" moves down from ${current} to ${version} (downgrade allowed)` }
    : { action: 'refuse', reason: `"${tag}" points at ${current}, higher than ${version}; refusing to downgrade it` };
}

/**
 * The revision N of the next immutable tag `<version>[-<variant>]-r<N>`: 1 + the highest N among
 * `existingTags` with exactly that prefix (1 when there is none). Tags of other versions or variants
 * do not count: `3.13.5-python3.13-r2` says nothing about `3.13.5-rN`. Pass every tag the registry
 * and the ledger report; a tag found taken at push time means another publish won: ask again, never
 * push over it.
 */
export function nextRevision(version: string, variant: string | null, existingTags: Iterable<string>): number {
  const prefix = fullVersionTag({ version, variant });
  let highest = 0;
  for (const tag of existingTags) {
    if (!tag.startsWith(prefix)) continue;
    const match = IMMUTABLE_TAIL.exec(tag);
    if (!match || match.index !== prefix.length) continue;
    highest = Math.max(highest, Number(match[1]));
  }
  return highest + 1;
}

/** The newest immutable tag already published for this version and variant (see nextRevision), or undefined. */
export function newestImmutableTag(
  version: string,
  variant: string | null,
  existingTags: Iterable<string>,
): string | undefined {
  const revision = nextRevision(version, variant, existingTags) - 1;
  return revision > 0 ? revisionTag({ version, variant }, revision) : undefined;
}
