import type { ImageSpec, JsonValue, UpdatesSpec } from '../catalog/model.js';
import type { KeyPath } from '../diagnostics.js';
import { parseDebianVersion } from '../os/debian/version.js';
import { debianUpstreamVersion, type UpstreamFile, type UpstreamRelease, type VersionCandidate } from './releases.js';

/** A string of the version's entry that changes: its path inside the entry, old and new value. */
export interface EntryEdit {
  readonly path: KeyPath;
  readonly from: string;
  readonly to: string;
}

/** What `catalog upstream versions --write` does for one new release. */
export interface ProposedVersion {
  readonly image: string;
  readonly version: string;
  /** As the index names it (a Debian version, a tag). */
  readonly label: string;
  readonly supersedes: string;
  /** true: added beside the superseded version; false: replaces it (and the references to it). */
  readonly keep: boolean;
  readonly edits: readonly EntryEdit[];
  /** The file whose checksum stands for the release (the one the entry pins, else its source file). */
  readonly checksum: UpstreamFile;
}

export type Proposal = { readonly ok: ProposedVersion } | { readonly problem: string; readonly hint: string };

const isMapping = (value: JsonValue | undefined): value is { [key: string]: JsonValue } =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `text` with the version `from` (as a whole version: not inside 13.13.56) replaced by `to`. */
export function replaceVersion(text: string, from: string, to: string): string {
  const escaped = from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return text.replace(new RegExp(`(?<![0-9A-Za-z.])${escaped}(?!\\.?[0-9])`, 'g'), to);
}

/**
 * The edits that turn the superseded version's entry into the new release's: every `{ url, sha256 }`
 * gets the URL of the new version and the checksum the index lists for that file (a problem when it
 * lists none: nothing is guessed); a Debian version of the old release becomes the new one's; other
 * strings naming the old version name the new one.
 */
export function proposeVersion(image: ImageSpec, spec: UpdatesSpec, candidate: VersionCandidate): Proposal {
  const { release, supersedes } = candidate;
  const entry = image.versions.find((v) => v.version === supersedes);
  if (!entry) return { problem: `images.${image.name} has no version ${supersedes}`, hint: 'a bug: please report it' };
  if (release.files.length === 0) {
    return {
      problem: `the index lists no SHA-256 checksum for ${image.name} ${release.label}`,
      hint: 'the index must publish a sha256 for the release files; check the mirror, or retry when it is complete',
    };
  }
  const values: Record<string, JsonValue> = { ...entry.vars, ...(entry.from ? { from: entry.from } : {}) };
  const { edits, pinned, missing } = entryEdits(values, supersedes, release, spec.source === 'debian');
  if (missing.length > 0) {
    return {
      problem: `the index lists no SHA-256 checksum for ${missing.join(', ')} (${image.name} ${release.label})`,
      hint: 'the entry pins this file by its checksum; check the mirror, or add the version by hand with the checksum from its release page',
    };
  }
  const checksum = pinned[0] ?? sourceFile(release.files);
  return {
    ok: {
      image: image.name,
      version: release.version,
      label: release.label,
      supersedes,
      keep: spec.keep,
      edits,
      checksum,
    },
  };
}

/** The edits of an entry's values, the files it pins (found in the release) and those the release lacks. */
function entryEdits(values: JsonValue, supersedes: string, release: UpstreamRelease, debian: boolean) {
  const edits: EntryEdit[] = [];
  const pinned: UpstreamFile[] = [];
  const missing: string[] = [];
  const pinnedFile = (value: { url: string; sha256: string }, path: KeyPath): void => {
    const url = replaceVersion(value.url, supersedes, release.version);
    const name = decodeURIComponent(
      url
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() ?? '',
    );
    const file = release.files.find((f) => f.name === name);
    if (!file) return void missing.push(name);
    pinned.push(file);
    if (url !== value.url) edits.push({ path: [...path, 'url'], from: value.url, to: url });
    if (file.sha256 !== value.sha256) edits.push({ path: [...path, 'sha256'], from: value.sha256, to: file.sha256 });
  };
  const visit = (value: JsonValue, path: KeyPath): void => {
    if (Array.isArray(value)) {
      for (const [index, item] of value.entries()) visit(item, [...path, index]);
    } else if (isMapping(value)) {
      const pin = typeof value.url === 'string' && typeof value.sha256 === 'string';
      if (pin) pinnedFile(value as { url: string; sha256: string }, path);
      for (const [key, item] of Object.entries(value))
        if (!(pin && (key === 'url' || key === 'sha256'))) visit(item, [...path, key]);
    } else if (typeof value === 'string') {
      const to = newString(value, supersedes, release.version, debian ? release.label : undefined);
      if (to !== value) edits.push({ path, from: value, to });
    }
  };
  visit(values, []);
  return { edits, pinned, missing };
}

/** The new value of a string of the entry: a Debian version of the old release becomes `debian`. */
function newString(value: string, from: string, to: string, debian: string | undefined): string {
  if (debian && value.includes('-') && parseDebianVersion(value) && debianUpstreamVersion(value) === from)
    return debian;
  return replaceVersion(value, from, to);
}

/** The file that stands for a release: its source archive (.tar.*, .dsc), else its first file. */
function sourceFile(files: readonly UpstreamFile[]): UpstreamFile {
  return files.find((f) => /\.(tar\.(gz|xz|bz2)|tgz|dsc)$/.test(f.name)) ?? (files[0] as UpstreamFile);
}
