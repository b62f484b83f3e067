import type { Catalog, CatalogNode, ImageSpec, TagPolicy } from '../catalog/model.js';
import { fullVersionTag } from '../names/names.js';
import { compareVersions, type ParsedVersion, parseVersion } from '../version/version.js';
import {
  channelLine,
  inVersionLine,
  minorLine,
  PRERELEASE_CHANNEL,
  parseVersionLine,
  tagSuffixes,
  withSuffix,
} from './rules.js';

/**
 * The tags one node is published under.
 *
 * `rolling` tags move: to a newer version, or to a rebuild of the same version (the full version tag
 * `3.13.5` included). Only the immutable `<immutablePrefix>-r<N>` tags and digests are reproducible.
 */
export interface NodeTags {
  readonly id: string;
  /**
   * The full version tag first, then the minor, major, prerelease-channel and `latest` aliases; bare
   * forms (default variant only) before the variant-suffixed ones, then the variant aliases' forms.
   */
  readonly rolling: readonly string[];
  /** `3.13.5` or `3.13.5-python3.13`: each publish adds `-r<N>` (see `nextRevision`). */
  readonly immutablePrefix: string;
}

/** Node id → its tags, in catalog node order. */
export type TagPlan = ReadonlyMap<string, NodeTags>;

interface Entry {
  readonly node: CatalogNode;
  readonly parsed: ParsedVersion;
}

/** Which entry owns each alias, among the nodes of one image and one variant. */
interface Winners {
  readonly minor: ReadonlyMap<string, Entry>;
  readonly major: ReadonlyMap<number, Entry>;
  readonly channel: ReadonlyMap<string, Entry>;
  readonly latest: Entry | undefined;
}

/**
 * Computes every node's tags from the whole catalog: alias winners are decided over all versions of
 * an image (per variant), never by build order. Conflicts are not resolved here; `tagDiagnostics`
 * reports them (and `loadCatalog` refuses a catalog that has any).
 */
export function computeTags(catalog: Pick<Catalog, 'images' | 'nodes'>): TagPlan {
  const byImage = new Map<string, CatalogNode[]>();
  for (const node of catalog.nodes) {
    const list = byImage.get(node.image);
    if (list) list.push(node);
    else byImage.set(node.image, [node]);
  }
  const found = new Map<string, NodeTags>();
  for (const image of catalog.images) {
    for (const tags of imageTags(image, byImage.get(image.name) ?? [])) found.set(tags.id, tags);
  }
  const plan = new Map<string, NodeTags>();
  for (const node of catalog.nodes) {
    const tags = found.get(node.id);
    if (tags) plan.set(node.id, tags);
  }
  return plan;
}

function imageTags(image: ImageSpec, nodes: readonly CatalogNode[]): NodeTags[] {
  const groups = new Map<string | null, Entry[]>();
  for (const node of nodes) {
    const parsed = parseVersion(node.version, image.versioning);
    if (!parsed) continue;
    const group = groups.get(node.variant);
    if (group) group.push({ node, parsed });
    else groups.set(node.variant, [{ node, parsed }]);
  }
  const result: NodeTags[] = [];
  for (const entries of groups.values()) {
    const winners = pickWinners(entries, image.tags);
    for (const entry of entries) {
      const bases = baseTags(entry, winners, image.tags);
      const rolling = tagSuffixes(entry.node).flatMap((suffix) => bases.map((base) => withSuffix(base, suffix)));
      result.push({
        id: entry.node.id,
        rolling: [...new Set(rolling)],
        immutablePrefix: fullVersionTag(entry.node),
      });
    }
  }
  return result;
}

/** Orders entries by version; equal versions (`3` and `3.0`) by the more specific spelling, then text. */
function compareEntries(a: Entry, b: Entry): number {
  return (
    compareVersions(a.parsed, b.parsed) ||
    a.parsed.release.length - b.parsed.release.length ||
    (a.node.version < b.node.version ? -1 : a.node.version > b.node.version ? 1 : 0)
  );
}

function keepHighest<K>(winners: Map<K, Entry>, key: K, entry: Entry): void {
  const current = winners.get(key);
  if (!current || compareEntries(entry, current) > 0) winners.set(key, entry);
}

function pickWinners(entries: readonly Entry[], policy: TagPolicy): Winners {
  const minor = new Map<string, Entry>();
  const major = new Map<number, Entry>();
  const channel = new Map<string, Entry>();
  let latest: Entry | undefined;
  const line = typeof policy.latest === 'string' ? parseVersionLine(policy.latest) : undefined;
  for (const entry of entries) {
    const release = entry.parsed.release;
    if (entry.parsed.prerelease) {
      keepHighest(channel, channelLine(release), entry);
      continue;
    }
    const minorKey = minorLine(release);
    if (minorKey !== undefined) keepHighest(minor, minorKey, entry);
    const majorKey = release[0];
    if (majorKey !== undefined) keepHighest(major, majorKey, entry);
    const inLatest = policy.latest === true || (line !== undefined && inVersionLine(release, line));
    if (inLatest && (!latest || compareEntries(entry, latest) > 0)) latest = entry;
  }
  return { minor, major, channel, latest };
}

/** The unsuffixed tags an entry wins: full version, minor, major, channel, latest (duplicates allowed). */
function baseTags(entry: Entry, winners: Winners, policy: TagPolicy): string[] {
  const { release, prerelease } = entry.parsed;
  const tags = [entry.node.version];
  if (prerelease) {
    const line = channelLine(release);
    if (winners.channel.get(line) === entry) tags.push(`${line}-${PRERELEASE_CHANNEL}`);
    return tags;
  }
  const minorKey = minorLine(release);
  if (policy.minor && minorKey !== undefined && winners.minor.get(minorKey) === entry) tags.push(minorKey);
  const majorKey = release[0];
  // Major version zero promises nothing across minors: no `0` alias.
  if (policy.major && majorKey !== undefined && majorKey !== 0 && winners.major.get(majorKey) === entry) {
    tags.push(String(majorKey));
  }
  if (winners.latest === entry) tags.push('latest');
  return tags;
}
