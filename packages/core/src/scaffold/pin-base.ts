import { CatalogToolError } from '../errors.js';
import { fullVersionTag } from '../names/names.js';
import { IMMUTABLE_TAIL, isImmutableTag } from '../tags/rules.js';
import type { AppBase } from './resolve-base.js';

/**
 * `init-app` writes FROM one exact build: the immutable `-rN` tag the base's rolling tag points at
 * when the app is created (`flask:3.1.1-python3.13` → `flask:3.1.1-python3.13-r2`). A `-rN` tag
 * rather than `tag@digest`: the publisher never moves an `-rN` tag (tags/guard.ts), it reads as a
 * version, and it is what `catalog outdated --write` bumps when a security rebuild is out.
 */

/** What the registry holds for the base's repository; the caller reads it (see pinCandidates). */
export interface BaseBuilds {
  /** Every tag of the base image's repository. */
  readonly tags: readonly string[];
  /** What the base's (rolling) tag points at now; undefined when the registry did not resolve it. */
  readonly digest: string | undefined;
  /** The digests of the candidates read so far, by tag (the caller may stop at the first match). */
  readonly digests: ReadonlyMap<string, string>;
}

/** The base `init-app` writes FROM, and what it was pinned from. */
export interface PinnedAppBase extends AppBase {
  /** The rolling tag the `-rN` tag was chosen for, or null when the tag is written as given. */
  readonly pinnedFrom: string | null;
  /** The digest of the pinned build, when the registry was read. */
  readonly digest: string | null;
}

/** The base could not be pinned to an exact build (exit 1; nothing is written). */
export class BasePinError extends CatalogToolError {
  readonly exitCode = 1;
}

/** The hint every pin failure ends with: how to scaffold without the registry. */
export const NO_PIN_HINT = 'or pass --no-pin to write the rolling tag (it moves to each rebuild)';

/** Whether the base's tag must be pinned: an `-rN` tag given with --from already names one build. */
export function needsPin(base: AppBase): boolean {
  return !isImmutableTag(base.tag);
}

/** The `-rN` tags of the base's node among `tags`, newest first: the builds its rolling tag may name. */
export function pinCandidates(base: AppBase, tags: readonly string[]): string[] {
  const prefix = fullVersionTag(base.node);
  const revisions: { tag: string; revision: number }[] = [];
  for (const tag of tags) {
    const match = IMMUTABLE_TAIL.exec(tag);
    if (match && tag.slice(0, match.index) === prefix) revisions.push({ tag, revision: Number(match[1]) });
  }
  return revisions.sort((a, b) => b.revision - a.revision).map((r) => r.tag);
}

/** The base unpinned, as written with --no-pin or with an `-rN` tag given. */
export function unpinnedAppBase(base: AppBase): PinnedAppBase {
  return { ...base, pinnedFrom: null, digest: null };
}

/**
 * Pins the base to the newest `-rN` tag of its node that points at the same digest as its rolling
 * tag. An `-rN` tag given with --from is kept. BasePinError when the tag is not published, was not
 * resolved, or names a build no `-rN` tag of the node has (a publish cut short).
 */
export function pinAppBase(base: AppBase, builds: BaseBuilds): PinnedAppBase {
  if (!needsPin(base)) return unpinnedAppBase(base);
  const { node, reference } = base;
  if (!builds.tags.includes(base.tag)) {
    throw new BasePinError(
      `${reference} is not in the registry: ${node.id} is in the catalog but was never published there`,
      `publish it (catalog build ${node.id} --push), check --registry, ${NO_PIN_HINT}`,
    );
  }
  if (builds.digest === undefined) {
    throw new BasePinError(`the registry did not resolve ${reference}`, `try again, ${NO_PIN_HINT}`);
  }
  const tag = pinCandidates(base, builds.tags).find((t) => builds.digests.get(t) === builds.digest);
  if (tag === undefined) {
    throw new BasePinError(
      `${reference} points at ${builds.digest}, which no -rN tag of ${node.id} names`,
      `publish ${node.id} again (catalog build ${node.id} --push), pass --from ${node.image}:<tag>-rN, ${NO_PIN_HINT}`,
    );
  }
  const repository = reference.slice(0, reference.length - base.tag.length);
  return { node, tag, reference: `${repository}${tag}`, pinnedFrom: base.tag, digest: builds.digest };
}
