import { compareDebianVersions, parseDebianVersion } from '../os/debian/version.js';
import { parseVersion } from '../version/version.js';
import { debianUpstreamVersion, type UpstreamFile, type UpstreamRelease } from './releases.js';

/**
 * Readers of the upstream indexes `catalog upstream versions` reads. Pure: the runner fetches the
 * text and passes it in. Each returns the releases, or the reason the text is not such an index.
 */
export type ParsedIndex<T> = { readonly ok: T } | { readonly problem: string };

type Json = unknown;
const isRecord = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const SHA256 = /^[0-9a-f]{64}$/;

function json(text: string): ParsedIndex<Json> {
  try {
    return { ok: JSON.parse(text) as Json };
  } catch (error) {
    return { problem: `not JSON (${(error as Error).message})` };
  }
}

/**
 * python.org's release index (`/api/v2/downloads/release/?is_published=true`): a list of
 * `{ name: "Python 3.13.6", pre_release, is_published, resource_uri }`. The handle of a release is
 * its resource URI, where its files are listed (parsePythonOrgFiles).
 */
export function parsePythonOrgReleases(text: string): ParsedIndex<UpstreamRelease[]> {
  const parsed = json(text);
  if ('problem' in parsed) return parsed;
  if (!Array.isArray(parsed.ok)) return { problem: 'not a list of releases' };
  const releases: UpstreamRelease[] = [];
  for (const [index, entry] of parsed.ok.entries()) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || typeof entry.resource_uri !== 'string') {
      return { problem: `release ${index} has no "name" and "resource_uri"` };
    }
    if (entry.is_published === false) continue;
    const version = /^Python (\S+)$/.exec(entry.name)?.[1];
    if (!version || !parseVersion(version, 'pep440')) continue; // "Python install manager" and the like
    const id = /\/release\/(\d+)\/?$/.exec(entry.resource_uri)?.[1];
    if (!id) return { problem: `release "${entry.name}" has a resource_uri without its id: ${entry.resource_uri}` };
    releases.push({ version, label: version, prerelease: entry.pre_release === true, files: [], handle: id });
  }
  return { ok: releases };
}

/** python.org's files of a release (`/api/v2/downloads/release_file/?release=<id>`): `{ url, sha256_sum }`. */
export function parsePythonOrgFiles(text: string): ParsedIndex<UpstreamFile[]> {
  const parsed = json(text);
  if ('problem' in parsed) return parsed;
  if (!Array.isArray(parsed.ok)) return { problem: 'not a list of release files' };
  const files: UpstreamFile[] = [];
  for (const [index, entry] of parsed.ok.entries()) {
    if (!isRecord(entry) || typeof entry.url !== 'string') return { problem: `file ${index} has no "url"` };
    const sha256 = typeof entry.sha256_sum === 'string' ? entry.sha256_sum.toLowerCase() : '';
    const name =
      entry.url
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() ?? '';
    if (name && SHA256.test(sha256)) files.push({ name, sha256 });
  }
  return { ok: files };
}

/** PEP 503 normalization of a project name: `Flask_Login` → `flask-login`. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The version a distribution file of the project names: `flask-3.1.2.tar.gz`, `flask-3.1.2-py3-none-any.whl`. */
function fileVersion(filename: string, project: string): string | undefined {
  const wheel = /^([^-]+)-([^-]+)-.*\.whl$/.exec(filename);
  if (wheel) return normalizeProjectName(wheel[1] as string) === project ? wheel[2] : undefined;
  const sdist = /^(.+)-([^-]+)\.(?:tar\.gz|zip|tar\.bz2)$/.exec(filename);
  return sdist && normalizeProjectName(sdist[1] as string) === project ? sdist[2] : undefined;
}

/**
 * A project's page of the JSON simple API (PEP 691, `application/vnd.pypi.simple.v1+json`):
 * `{ meta: { "api-version" }, name, files: [{ filename, hashes: { sha256 }, yanked }] }`. Yanked
 * files are left out; a file without a sha256 is left out of its release's files.
 */
export function parsePep691(text: string, project: string): ParsedIndex<UpstreamRelease[]> {
  const parsed = json(text);
  if ('problem' in parsed) return parsed;
  const page = parsed.ok;
  if (!isRecord(page) || !isRecord(page.meta) || !Array.isArray(page.files)) {
    return { problem: 'not a PEP 691 project page (no "meta" and "files")' };
  }
  const files: ProjectFile[] = [];
  for (const [index, file] of page.files.entries()) {
    if (!isRecord(file) || typeof file.filename !== 'string') return { problem: `file ${index} has no "filename"` };
    const sha256 = isRecord(file.hashes) && typeof file.hashes.sha256 === 'string' ? file.hashes.sha256 : '';
    files.push({ filename: file.filename, sha256, yanked: file.yanked !== undefined && file.yanked !== false });
  }
  return { ok: projectReleases(files, project) };
}

/**
 * A project's page of the HTML simple API (PEP 503), which mirrors that do not speak PEP 691 serve
 * (the offline mirror, devpi, many proxies): links whose `#sha256=` fragment is the file's checksum;
 * `data-yanked` links are left out.
 */
export function parsePep503Html(text: string, project: string): ParsedIndex<UpstreamRelease[]> {
  if (!/<a\s/i.test(text)) return { problem: 'not a PEP 503 project page (no links)' };
  const files: ProjectFile[] = [];
  for (const match of text.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/gi)) {
    const attributes = match[1] ?? '';
    const href = /href\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? '';
    const filename = (match[2] ?? '').trim().replace(/&amp;/g, '&');
    const sha256 = /#sha256=([0-9a-fA-F]{64})/.exec(href)?.[1]?.toLowerCase() ?? '';
    files.push({ filename, sha256, yanked: /data-yanked/i.test(attributes) });
  }
  return { ok: projectReleases(files, project) };
}

interface ProjectFile {
  readonly filename: string;
  readonly sha256: string;
  readonly yanked: boolean;
}

/** A project's files grouped into releases by the version their names carry; yanked ones left out. */
function projectReleases(files: readonly ProjectFile[], project: string): UpstreamRelease[] {
  const name = normalizeProjectName(project);
  const byVersion = new Map<string, UpstreamFile[]>();
  for (const file of files) {
    if (file.yanked) continue;
    const version = fileVersion(file.filename, name);
    if (!version) continue;
    const found = byVersion.get(version) ?? [];
    if (SHA256.test(file.sha256)) found.push({ name: file.filename, sha256: file.sha256 });
    byVersion.set(version, found);
  }
  return [...byVersion.entries()].flatMap(([version, found]) => {
    const parsedVersion = parseVersion(version, 'pep440');
    return parsedVersion ? [{ version, label: version, prerelease: parsedVersion.prerelease, files: found }] : [];
  });
}

/**
 * A Debian `Sources` (files from `Checksums-Sha256`) or `Packages` index (`Filename` and `SHA256`):
 * the versions of one package, each as its upstream version (the newest Debian revision of it).
 */
export function parseDebianPackageIndex(
  text: string,
  packageName: string,
  kind: 'sources' | 'packages',
): ParsedIndex<UpstreamRelease[]> {
  if (!/^Package:/m.test(text)) return { problem: `not a Debian ${kind === 'sources' ? 'Sources' : 'Packages'} index` };
  const newest = new Map<string, UpstreamRelease>();
  for (const paragraph of text.split(/\r?\n[ \t]*\r?\n/)) {
    if (/^Package:[ \t]*(\S+)/m.exec(paragraph)?.[1] !== packageName) continue;
    const label = /^Version:[ \t]*(\S+)/m.exec(paragraph)?.[1];
    if (!label || !parseDebianVersion(label)) return { problem: `a ${packageName} paragraph has no valid Version` };
    const files = kind === 'sources' ? sourceFiles(paragraph) : binaryFile(paragraph);
    const version = debianUpstreamVersion(label);
    const parsed = parseVersion(version, 'pep440');
    const release = { version, label, prerelease: parsed?.prerelease ?? /~/.test(label), files };
    const current = newest.get(version);
    if (!current || compareDebianVersions(label, current.label) > 0) newest.set(version, release);
  }
  return { ok: [...newest.values()] };
}

function sourceFiles(paragraph: string): UpstreamFile[] {
  const block = /^Checksums-Sha256:[^\n]*\n((?:[ \t]+\S.*(?:\n|$))*)/m.exec(paragraph)?.[1] ?? '';
  return block.split('\n').flatMap((line) => {
    const [sha256, , name] = line.trim().split(/\s+/);
    return sha256 && name && SHA256.test(sha256) ? [{ name, sha256 }] : [];
  });
}

function binaryFile(paragraph: string): UpstreamFile[] {
  const filename = /^Filename:[ \t]*(\S+)/m.exec(paragraph)?.[1];
  const sha256 = /^SHA256:[ \t]*([0-9a-f]{64})\s*$/m.exec(paragraph)?.[1];
  return filename && sha256 ? [{ name: filename.split('/').pop() as string, sha256 }] : [];
}
