import { explain } from '@renovatebot/pep440';
import semver from 'semver';
import type { VersioningScheme } from '../catalog/model.js';

/** A version broken into what tagging and ordering need, whatever the scheme. */
export interface ParsedVersion {
  readonly raw: string;
  readonly scheme: VersioningScheme;
  /** Numeric release components: [3, 13, 5]. */
  readonly release: readonly number[];
  readonly prerelease: boolean;
  /** PEP 440 ordering after the release: pre-release phase, post and dev numbers (see comparePep440). */
  readonly suffixKey: readonly number[];
}

const PRE_PHASES: Record<string, number> = { a: 0, b: 1, rc: 2 };

/**
 * Parses are remembered: a catalog spells the same few versions many times (normalizing, sorting,
 * tagging), and PEP 440 parsing is comparatively slow. Results are immutable, so sharing is safe.
 */
const parsedVersions = new Map<string, ParsedVersion | null>();

/** Parses a version under a scheme; undefined when the string is not a valid version of it. */
export function parseVersion(raw: string, scheme: VersioningScheme): ParsedVersion | undefined {
  const key = `${scheme}\u0000${raw}`;
  let parsed = parsedVersions.get(key);
  if (parsed === undefined) {
    parsed = parseUncached(raw, scheme) ?? null;
    parsedVersions.set(key, parsed);
  }
  return parsed ?? undefined;
}

function parseUncached(raw: string, scheme: VersioningScheme): ParsedVersion | undefined {
  if (scheme === 'semver') {
    const parsed = semver.parse(raw);
    if (!parsed || parsed.build.length > 0) return undefined;
    const release = [parsed.major, parsed.minor, parsed.patch];
    return { raw, scheme, release, prerelease: parsed.prerelease.length > 0, suffixKey: [] };
  }
  const parsed = explain(raw);
  if (!parsed || parsed.local !== null || parsed.epoch !== 0) return undefined;
  // As in PEP 440 / packaging: a dev release of a final version sorts before its pre-releases,
  // pre-releases (a < b < rc) before the final, post-releases after it, and dev releases of
  // anything before that thing itself.
  const [phase, number] = parsed.pre ?? [];
  const devOnly = segmentNumber(parsed.dev) !== undefined && segmentNumber(parsed.post) === undefined;
  const pre = phase !== undefined ? [PRE_PHASES[String(phase)] ?? 0, Number(number)] : devOnly ? [-1, 0] : [3, 0];
  const post = segmentNumber(parsed.post) ?? -1;
  const dev = segmentNumber(parsed.dev) ?? Number.POSITIVE_INFINITY;
  return { raw, scheme, release: parsed.release, prerelease: parsed.is_prerelease, suffixKey: [...pre, post, dev] };
}

/**
 * The number of a post or dev segment. The library returns a number at run time while its type
 * declarations say `(string | number)[]`; accept both.
 */
function segmentNumber(segment: unknown): number | undefined {
  if (typeof segment === 'number') return segment;
  if (Array.isArray(segment)) return segmentNumber(segment[segment.length - 1]);
  return undefined;
}

/** What a valid version looks like, for error messages. */
export function versionExample(scheme: VersioningScheme): string {
  return scheme === 'semver'
    ? 'a semantic version such as 1.4.2 or 2.0.0-rc.1 (no build metadata)'
    : 'a PEP 440 version such as 3.13.5 or 3.14.0rc1 (no epoch or local part)';
}

/** Orders two versions of the same scheme: negative when a < b. */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number {
  if (a.scheme === 'semver' && b.scheme === 'semver') return semver.compare(a.raw, b.raw);
  return compareNumbers(a.release, b.release) || compareNumbers(a.suffixKey, b.suffixKey);
}

/** Element-wise comparison, missing elements counting as 0 (so 3.13 == 3.13.0). */
function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
