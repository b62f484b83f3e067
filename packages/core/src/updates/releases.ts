import type { ImageSpec, UpdatesSpec } from '../catalog/model.js';
import { compareVersions, type ParsedVersion, parseVersion } from '../version/version.js';

/** A file of a release, with the SHA-256 its index publishes. */
export interface UpstreamFile {
  readonly name: string;
  readonly sha256: string;
}

/** A release an upstream index announces. */
export interface UpstreamRelease {
  /** The catalog's version for it: `3.13.6`, `2.5.5` (a Debian package's upstream version). */
  readonly version: string;
  /** As the index names it: `3.13.6`, the Debian version `2.5.5-1`, the tag. */
  readonly label: string;
  readonly prerelease: boolean;
  /** Its files with their checksums; empty until fetched where the index lists them apart (python.org). */
  readonly files: readonly UpstreamFile[];
  /** Where the source finds more about it (python.org: the release's id). */
  readonly handle?: string;
}

/** A newer release the image's policy allows, and the version it supersedes. */
export interface VersionCandidate {
  readonly image: string;
  readonly supersedes: string;
  readonly release: UpstreamRelease;
}

/** The line a version belongs to under a policy: `3.13` for patch, `3` for minor. */
function lineOf(version: ParsedVersion, policy: UpdatesSpec['policy']): string {
  return version.release.slice(0, policy === 'patch' ? 2 : 1).join('.');
}

/**
 * The newest release of each version line the image has (major.minor for `patch`, major for
 * `minor`) that is newer than the image's newest version of that line, never a pre-release unless
 * `prereleases`, never a version the image already has, never a line the image does not have.
 */
export function selectCandidates(
  image: ImageSpec,
  spec: UpdatesSpec,
  releases: readonly UpstreamRelease[],
): VersionCandidate[] {
  const scheme = image.versioning;
  const newestByLine = new Map<string, ParsedVersion>();
  for (const entry of image.versions) {
    const parsed = parseVersion(entry.version, scheme);
    if (!parsed) continue;
    const line = lineOf(parsed, spec.policy);
    const current = newestByLine.get(line);
    if (!current || compareVersions(parsed, current) > 0) newestByLine.set(line, parsed);
  }
  const best = new Map<string, { parsed: ParsedVersion; release: UpstreamRelease }>();
  for (const release of releases) {
    const parsed = parseVersion(release.version, scheme);
    if (!parsed) continue;
    if ((parsed.prerelease || release.prerelease) && !spec.prereleases) continue;
    const line = lineOf(parsed, spec.policy);
    const newest = newestByLine.get(line);
    if (!newest || compareVersions(parsed, newest) <= 0) continue;
    const known = image.versions.some((v) => {
      const other = parseVersion(v.version, scheme);
      return other !== undefined && compareVersions(other, parsed) === 0;
    });
    if (known) continue;
    const current = best.get(line);
    if (!current || compareVersions(parsed, current.parsed) > 0) best.set(line, { parsed, release });
  }
  return [...best.entries()]
    .map(([line, { release }]) => ({
      image: image.name,
      supersedes: (newestByLine.get(line) as ParsedVersion).raw,
      release,
    }))
    .sort((a, b) => a.release.version.localeCompare(b.release.version, 'en', { numeric: true }));
}

/** The upstream version of a Debian version, as a catalog version: `1:2.5.5-1+b1` → `2.5.5`, `3.14.0~rc1-1` → `3.14.0rc1`. */
export function debianUpstreamVersion(debian: string): string {
  const withoutEpoch = debian.replace(/^\d+:/, '');
  const dash = withoutEpoch.lastIndexOf('-');
  const upstream = dash > 0 ? withoutEpoch.slice(0, dash) : withoutEpoch;
  return upstream.replace(/\+.*$/, '').replace(/~/g, '');
}
