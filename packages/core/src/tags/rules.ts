import { TAG_PATTERN } from '../catalog/constants.js';
import type { CatalogNode } from '../catalog/model.js';

/**
 * The small rules tags are made of: version lines, suffixes and the immutable `-rN` form.
 *
 * Rolling tags (`3.13.5`, `3.13`, `3`, `latest`, `3.15-rc` and their variant forms) move whenever a
 * newer version or a rebuild is published; even the full version tag `3.13.5` is rolling, because
 * every rebuild of 3.13.5 is published under it. Only the immutable `-rN` tags and digests are
 * reproducible: pin those.
 */

/** The tail of an immutable tag: `3.13.5-python3.13-r2`. No rolling tag may end like this. */
export const IMMUTABLE_TAIL = /-r(\d+)$/;

/** The channel every prerelease line publishes its newest prerelease under: `3.15-rc`. */
export const PRERELEASE_CHANNEL = 'rc';

/** The tag grammar of OCI registries. */
export function isValidTag(tag: string): boolean {
  return TAG_PATTERN.test(tag);
}

/** Whether a tag has the immutable `-r<N>` form (never moved or overwritten once published). */
export function isImmutableTag(tag: string): boolean {
  return IMMUTABLE_TAIL.test(tag);
}

/** `3.12` → [3, 12]; undefined when the text is not dot-separated numbers. */
export function parseVersionLine(text: string): number[] | undefined {
  if (!/^\d+(\.\d+)*$/.test(text)) return undefined;
  return text.split('.').map(Number);
}

/** Whether a release ([3, 12, 4]) belongs to a version line ([3, 12]). */
export function inVersionLine(release: readonly number[], line: readonly number[]): boolean {
  return line.length <= release.length && line.every((part, i) => release[i] === part);
}

/** The major.minor line of a release (`3.13`); undefined for one-component versions (`13`). */
export function minorLine(release: readonly number[]): string | undefined {
  const [major, minor] = release;
  return major === undefined || minor === undefined ? undefined : `${major}.${minor}`;
}

/** The line a prerelease's channel tag names: `3.15` (a one-component prerelease `4rc1` gives `4.0`). */
export function channelLine(release: readonly number[]): string {
  return `${release[0] ?? 0}.${release[1] ?? 0}`;
}

/**
 * Suffixes a node publishes every alias with: `null` (the bare tag) for the default variant and for
 * images without variants, then the variant name, then the variant's aliases.
 */
export function tagSuffixes(node: Pick<CatalogNode, 'variant' | 'isDefaultVariant' | 'aliases'>): (string | null)[] {
  const bare = node.isDefaultVariant ? [null] : [];
  return node.variant === null ? bare : [...bare, node.variant, ...node.aliases];
}

/** `3.13` + `slim` → `3.13-slim`; `latest` + `slim` → `slim`; no suffix → the base itself. */
export function withSuffix(base: string, suffix: string | null): string {
  if (suffix === null) return base;
  return base === 'latest' ? suffix : `${base}-${suffix}`;
}
