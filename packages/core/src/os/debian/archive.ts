import { debianArchitectureOf } from '../../platform/platform.js';
import type { IndexFile, InstalledPackage, SecurityFix } from '../family.js';
import { packageFixes } from '../packages.js';
import { compareDebianVersions, parseDebianVersion } from './version.js';

/** One file a Release file lists, with its SHA-256 and size. */
export interface ReleaseEntry {
  readonly path: string;
  readonly sha256: string;
  readonly size: number;
}

/** The parts of a Debian Release/InRelease file the security check reads. */
export interface ReleaseFile {
  readonly suite?: string;
  readonly codename?: string;
  readonly date?: string;
  readonly entries: readonly ReleaseEntry[];
}

/** The text of an InRelease file without its OpenPGP clear-signature wrapper (Release text as is). */
export function stripClearsign(text: string): string {
  if (!text.startsWith('-----BEGIN PGP SIGNED MESSAGE-----')) return text;
  const body = text
    .split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n');
  const end = body.indexOf('-----BEGIN PGP SIGNATURE-----');
  return (end >= 0 ? body.slice(0, end) : body).replace(/^- /gm, '');
}

/** Parses a Release or InRelease file; undefined when it has no SHA256 list. */
export function parseRelease(text: string): ReleaseFile | undefined {
  const lines = stripClearsign(text).split(/\r?\n/);
  const fields = new Map<string, string>();
  const entries: ReleaseEntry[] = [];
  let inSha256 = false;
  for (const line of lines) {
    if (/^\s/.test(line)) {
      if (!inSha256) continue;
      const [sha256, size, path] = line.trim().split(/\s+/);
      if (sha256 && /^[0-9a-f]{64}$/.test(sha256) && size && path) entries.push({ sha256, size: Number(size), path });
      continue;
    }
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon);
    inSha256 = key === 'SHA256';
    fields.set(key, line.slice(colon + 1).trim());
  }
  if (entries.length === 0) return undefined;
  const optional = (key: string, name: string) => (fields.get(key) ? { [name]: fields.get(key) } : {});
  return { ...optional('Suite', 'suite'), ...optional('Codename', 'codename'), ...optional('Date', 'date'), entries };
}

/**
 * The newest version of every binary package of a `Packages` index. Paragraphs without a valid
 * name and version are ignored (an index is upstream data, not the user's input).
 */
export function parsePackagesIndex(text: string): Map<string, string> {
  const newest = new Map<string, string>();
  for (const paragraph of text.split(/\r?\n[ \t]*\r?\n/)) {
    const name = /^Package:[ \t]*(\S+)/m.exec(paragraph)?.[1];
    const version = /^Version:[ \t]*(\S+)/m.exec(paragraph)?.[1];
    if (!name || !version || !parseDebianVersion(version)) continue;
    const current = newest.get(name);
    if (current === undefined || compareDebianVersions(version, current) > 0) newest.set(name, version);
  }
  return newest;
}

/**
 * An image's installed packages from its package list: lines `deb <name> <version>` (the build's
 * bill of materials; `pip …` lines and others are skipped) or `<name> <version>`.
 */
export function parseInstalledPackages(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of text.split(/\r?\n/)) {
    const words = line.trim().split(/\s+/);
    const [name, version, architecture] = words[0] === 'deb' ? words.slice(1) : words.length === 2 ? words : [];
    if (name && version && parseDebianVersion(version))
      packages.push({ name: name.replace(/:[a-z0-9]+$/, ''), version, ...(architecture ? { architecture } : {}) });
  }
  return packages;
}

/**
 * A Debian package's purl (the purl spec's `deb` type): `pkg:deb/debian/<name>@<version>` with the
 * architecture and the distribution as qualifiers; the version's `:` (epoch) percent-encoded.
 */
export function debianPackageUrl(pkg: InstalledPackage, distro: string | undefined): string {
  const qualifiers = [
    ...(pkg.architecture ? [`arch=${encodeURIComponent(pkg.architecture)}`] : []),
    ...(distro ? [`distro=${encodeURIComponent(distro)}`] : []),
  ];
  const base = `pkg:deb/debian/${encodeURIComponent(pkg.name)}@${encodeURIComponent(pkg.version)}`;
  return qualifiers.length > 0 ? `${base}?${qualifiers.join('&')}` : base;
}

/** The installed packages of a dpkg status file (`/var/lib/dpkg/status`): status `… installed` only. */
export function parseDpkgStatus(text: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const paragraph of text.split(/\r?\n[ \t]*\r?\n/)) {
    const name = /^Package:[ \t]*(\S+)/m.exec(paragraph)?.[1];
    const version = /^Version:[ \t]*(\S+)/m.exec(paragraph)?.[1];
    const status = /^Status:[ \t]*(.+)$/m.exec(paragraph)?.[1]?.trim();
    if (name && version && status?.endsWith(' installed') && parseDebianVersion(version))
      packages.push({ name, version });
  }
  return packages;
}

/** The installed packages the security suite has a newer version of, by name (dpkg's version order). */
export function securityFixes(
  installed: readonly InstalledPackage[],
  index: ReadonlyMap<string, string>,
): SecurityFix[] {
  return packageFixes(installed, index, compareDebianVersions);
}

/** The path of a suite's binary package index in a Release file (`main/binary-amd64/Packages.gz`). */
export function packagesIndexPath(
  component: string,
  architecture: string,
  compression: '' | '.gz' | '.xz' = '.gz',
): string {
  return `${component}/binary-${architecture}/Packages${compression}`;
}

/** Debian's architecture name for an OCI platform (`linux/amd64` → amd64, `linux/arm/v7` → armhf). */
export function debianArchitecture(platform: string): string {
  return debianArchitectureOf(platform);
}

/** The compressions of a Packages index, in the order they are preferred: gzip, xz, none. */
const COMPRESSIONS = ['.gz', '.xz', ''] as const;

/**
 * The Packages indexes a Release file lists for a component and architecture, preferred first,
 * as paths in the suite's folder; undefined when the text is not a Release file.
 */
export function releaseIndexFiles(text: string, component: string, architecture: string): IndexFile[] | undefined {
  const release = parseRelease(text);
  if (!release) return undefined;
  return COMPRESSIONS.flatMap((compression) => {
    const path = packagesIndexPath(component, architecture, compression);
    const entry = release.entries.find((e) => e.path === path);
    return entry ? [{ path: entry.path, sha256: entry.sha256 }] : [];
  });
}
