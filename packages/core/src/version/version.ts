import { compare as pep440Compare, explain } from '@renovatebot/pep440';
import semver from 'semver';
import type { VersioningScheme } from '../catalog/model.js';

/** A version broken into what tagging and ordering need, whatever the scheme. */
export interface ParsedVersion {
  readonly raw: string;
  readonly scheme: VersioningScheme;
  /** Numeric release components: [3, 13, 5]. */
  readonly release: readonly number[];
  readonly prerelease: boolean;
}

/** Parses a version under a scheme; undefined when the string is not a valid version of it. */
export function parseVersion(raw: string, scheme: VersioningScheme): ParsedVersion | undefined {
  if (scheme === 'semver') {
    const parsed = semver.parse(raw);
    if (!parsed || parsed.build.length > 0) return undefined;
    return { raw, scheme, release: [parsed.major, parsed.minor, parsed.patch], prerelease: parsed.prerelease.length > 0 };
  }
  const parsed = explain(raw);
  if (!parsed || parsed.local !== null || parsed.epoch !== 0) return undefined;
  return { raw, scheme, release: parsed.release, prerelease: parsed.is_prerelease };
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
  return pep440Compare(a.raw, b.raw);
}
