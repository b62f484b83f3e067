import type { Catalog, CatalogNode } from '../catalog/model.js';
import { imageSpec } from '../catalog/model.js';
import type { Diagnostic } from '../diagnostics.js';
import { digestReference, fullVersionTag } from '../names/names.js';
import type { TagPlan } from '../tags/compute.js';
import { newestImmutableTag } from '../tags/guard.js';
import { tagOwner } from '../tags/node-of-tag.js';
import { isImmutableTag, minorLine } from '../tags/rules.js';
import { closestMatch } from '../util/did-you-mean.js';
import { compareVersions, parseVersion } from '../version/version.js';
import { type OurReference, type PinKind, problem } from './classify.js';

/** What the registry holds for the referenced images, read by the caller (see tagsToResolve). */
export interface RegistryFacts {
  /** Every tag of each referenced image's repository, by image name. */
  readonly tags: ReadonlyMap<string, readonly string[]>;
  /** `<image>:<tag>` → the digest it points at, for the tags tagsToResolve asked for. */
  readonly digests: ReadonlyMap<string, string>;
}

export type OutdatedStatus = 'current' | 'behind' | 'retired';

/** The report on one reference. */
export interface OutdatedEntry {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Where the reference starts in the file (0-based), for rewriting it. */
  readonly offset: number;
  readonly source: 'FROM' | 'image';
  readonly reference: string;
  readonly image: string;
  readonly tag: string | null;
  readonly digest: string | null;
  readonly pin: PinKind;
  /** The catalog node the reference names; null when retired. */
  readonly node: string | null;
  /** What the reference pulls now, and the `-rN` tag that is that build (null when none is). */
  readonly resolvesTo: { readonly digest: string; readonly tag: string | null };
  /** The newest `-rN` tag of the node (its newest security rebuild). */
  readonly newestRevision: string | null;
  /** A newer published version in the same version line (same variant): `3.1.2`. */
  readonly newerVersion: string | null;
  readonly retired: boolean;
  readonly status: OutdatedStatus;
  /** What was found, as sentences. */
  readonly notes: readonly string[];
  /** The reference `--write` puts in its place (pinned `-rN` tags and digests only), or null. */
  readonly update: string | null;
}

const key = (image: string, tag: string) => `${image}:${tag}`;

/** The tags whose digests `assessReference` needs: the tag used and the node's newest `-rN`; for a digest alone, every `-rN`. */
export function tagsToResolve(reference: OurReference, tags: readonly string[]): string[] {
  if (reference.tag === undefined) return tags.filter(isImmutableTag);
  const node = reference.node;
  const newest = node ? newestImmutableTag(node.version, node.variant, tags) : undefined;
  return [reference.tag, ...(newest && newest !== reference.tag ? [newest] : [])].filter((t) => tags.includes(t));
}

/** Compares one reference with the catalog and the registry: current, behind or retired, and the fix. */
export function assessReference(
  catalog: Catalog,
  plan: TagPlan,
  reference: OurReference,
  facts: RegistryFacts,
): OutdatedEntry | Diagnostic {
  const tags = facts.tags.get(reference.image) ?? [];
  const digestOf = (tag: string) => facts.digests.get(key(reference.image, tag));
  const { written, tag, image } = reference;
  if (tag === undefined) return assessDigestOnly(catalog, plan, reference, facts);
  if (!tags.includes(tag)) return unpublished(catalog, plan, reference, tags);
  const used = reference.digest ?? digestOf(tag);
  if (used === undefined) {
    return problem(written, 'outdated-unresolved', `${written.text}: the registry did not resolve ${tag}`, 'try again')
      .diagnostic;
  }
  const node = reference.node;
  const newest = node ? newestImmutableTag(node.version, node.variant, tags) : undefined;
  const newestDigest = newest ? digestOf(newest) : undefined;
  const sameBuild = (digest: string) => (isImmutableTag(tag) && digestOf(tag) === digest ? tag : undefined);
  const resolvesTo = { digest: used, tag: sameBuild(used) ?? (newestDigest === used ? (newest ?? null) : null) };
  const notes: string[] = [];
  let update: string | null = null;
  if (reference.retired) {
    notes.push(`${image} ${tag} is retired: the catalog no longer has this version (see \`catalog tags ${image}\`)`);
  } else if (reference.pin === 'rolling') {
    notes.push(`rolling tag: current by construction, now ${resolvesTo.tag ?? short(used)}`);
  } else if (reference.pin === 'revision' && newest && newest !== tag) {
    notes.push(`${newest} is a newer build of ${node?.id} (security rebuild)`);
    update = `${reference.repository}:${newest}`;
  } else if (reference.pin === 'digest') {
    const wanted = isImmutableTag(tag) && newest ? newest : tag;
    const wantedDigest = digestOf(wanted);
    if (wantedDigest !== undefined && (wanted !== tag || wantedDigest !== used)) {
      notes.push(`${wanted} is now ${short(wantedDigest)}, a newer build than the pinned ${short(used)}`);
      update = `${reference.repository}:${wanted}@${wantedDigest}`;
    }
  }
  return entry(catalog, reference, { tags, resolvesTo, newest, notes, update });
}

function assessDigestOnly(
  catalog: Catalog,
  plan: TagPlan,
  reference: OurReference,
  facts: RegistryFacts,
): OutdatedEntry | Diagnostic {
  const tags = facts.tags.get(reference.image) ?? [];
  const build = tags.find((t) => isImmutableTag(t) && facts.digests.get(key(reference.image, t)) === reference.digest);
  if (build === undefined) {
    const message = `${reference.written.text}: no -rN tag of ${reference.image} has this digest`;
    const fix = `pin a published -rN tag or its digest (see \`catalog tags ${reference.image}\`)`;
    return problem(reference.written, 'outdated-unknown-digest', message, fix).diagnostic;
  }
  const nodes = catalog.nodes.filter((n) => n.image === reference.image);
  const node = tagOwner(plan, nodes, build)?.node;
  const newest = node ? newestImmutableTag(node.version, node.variant, tags) : undefined;
  const newestDigest = newest ? facts.digests.get(key(reference.image, newest)) : undefined;
  const digest = reference.digest ?? '';
  const notes = [`the digest is ${build}`];
  if (!node) notes.push(`${reference.image} ${build} is retired: the catalog no longer has this version`);
  const behind = newest !== undefined && newest !== build && newestDigest !== undefined;
  if (behind) notes.push(`${newest} is a newer build of ${node?.id} (security rebuild)`);
  const update = behind ? digestReference(reference.repository, newestDigest) : null;
  const resolved = { ...reference, node, retired: node === undefined };
  return entry(catalog, resolved, { tags, resolvesTo: { digest, tag: build }, newest, notes, update });
}

interface Findings {
  readonly tags: readonly string[];
  readonly resolvesTo: OutdatedEntry['resolvesTo'];
  readonly newest: string | undefined;
  readonly notes: string[];
  readonly update: string | null;
}

function entry(catalog: Catalog, reference: OurReference, found: Findings): OutdatedEntry {
  const { written } = reference;
  const newer = reference.node ? newerInLine(catalog, reference.node, found.tags) : undefined;
  if (newer) found.notes.push(`${newer} is a newer version in the same line (a version change: not written)`);
  const status: OutdatedStatus = reference.retired
    ? 'retired'
    : found.update !== null || newer !== undefined
      ? 'behind'
      : 'current';
  if (status === 'current' && reference.pin !== 'rolling') found.notes.push('current: the newest build');
  return {
    file: written.file,
    line: written.line,
    column: written.column,
    offset: written.offset,
    source: written.source,
    reference: written.text,
    image: reference.image,
    tag: reference.tag ?? null,
    digest: reference.digest ?? null,
    pin: reference.pin,
    node: reference.node?.id ?? null,
    resolvesTo: found.resolvesTo,
    newestRevision: found.newest ?? null,
    newerVersion: newer ?? null,
    retired: reference.retired,
    status,
    notes: found.notes,
    update: found.update,
  };
}

/** The newest published version of the node's image, variant and major.minor line, when newer than the node's. */
function newerInLine(catalog: Catalog, node: CatalogNode, tags: readonly string[]): string | undefined {
  const scheme = imageSpec(catalog, node.image).versioning;
  const own = parseVersion(node.version, scheme);
  const line = own ? minorLine(own.release) : undefined;
  if (!own || line === undefined) return undefined;
  let best: { version: string; parsed: NonNullable<typeof own> } | undefined;
  for (const other of catalog.nodes) {
    if (other.image !== node.image || other.variant !== node.variant) continue;
    const parsed = parseVersion(other.version, scheme);
    if (!parsed || parsed.prerelease || minorLine(parsed.release) !== line) continue;
    if (compareVersions(parsed, best?.parsed ?? own) <= 0 || !tags.includes(fullVersionTag(other))) continue;
    best = { version: other.version, parsed };
  }
  return best?.version;
}

function unpublished(catalog: Catalog, plan: TagPlan, reference: OurReference, tags: readonly string[]): Diagnostic {
  const { written, image, tag, node } = reference;
  const newest = node ? newestImmutableTag(node.version, node.variant, tags) : undefined;
  if (node && tag && isImmutableTag(tag)) {
    const message = `${written.text}: no build ${tag} of ${node.id} in the registry`;
    const fix = newest
      ? `pin the newest, ${reference.repository}:${newest}`
      : `publish it (catalog build ${node.id} --push)`;
    return problem(written, 'outdated-unknown-tag', message, fix).diagnostic;
  }
  if (!reference.retired) {
    const message = `${written.text}: ${image}:${tag} is in the catalog but not in the registry`;
    const fix = `publish it (catalog build ${reference.node?.id ?? image} --push), or check --registry`;
    return problem(written, 'outdated-unpublished', message, fix).diagnostic;
  }
  const known = catalog.nodes.filter((n) => n.image === image).flatMap((n) => plan.get(n.id)?.rolling ?? []);
  const near = closestMatch(tag ?? '', known);
  const message = `${written.text}: no tag "${tag}" of ${image} in the catalog or the registry${near ? `; did you mean "${near}"?` : ''}`;
  return problem(written, 'outdated-unknown-tag', message, `use a tag of ${image}: ${known.join(', ')}`).diagnostic;
}

function short(digest: string): string {
  return digest.length > 19 ? `${digest.slice(0, 19)}…` : digest;
}
