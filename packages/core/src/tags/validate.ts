import type { Catalog, ImageSpec } from '../catalog/model.js';
import type { Diagnostic, KeyPath, SourcePosition } from '../diagnostics.js';
import { parseVersion } from '../version/version.js';
import { computeTags, type TagPlan } from './compute.js';
import { inVersionLine, isImmutableTag, isValidTag, parseVersionLine } from './rules.js';

/** Where diagnostics point: the catalog's SourceMap satisfies this. */
export interface PositionSource {
  readonly file: string;
  valueAt(path: KeyPath): SourcePosition;
}

type TagInput = Pick<Catalog, 'file' | 'images' | 'nodes'>;
type Report = (path: KeyPath, code: string, message: string, hint: string) => Diagnostic;

/**
 * Checks the tags the catalog would publish: `latest` version lines that exist, the OCI tag grammar,
 * no rolling tag in the immutable `-rN` form, and no tag claimed by two nodes of one image
 * (`tag-conflict`, reported at the later node's entry).
 */
export function tagDiagnostics(catalog: TagInput, map?: PositionSource): Diagnostic[] {
  const report: Report = (path, code, message, hint) => ({
    code,
    severity: 'error',
    file: map?.file ?? catalog.file,
    ...(map ? { position: map.valueAt(path) } : {}),
    path,
    message,
    hint,
  });
  const plan = computeTags(catalog);
  return [
    ...catalog.images.flatMap((image) => latestLineDiagnostics(image, report)),
    ...grammarDiagnostics(catalog, plan, report),
    ...conflictDiagnostics(catalog, plan, report),
  ];
}

function latestLineDiagnostics(image: ImageSpec, report: Report): Diagnostic[] {
  const latest = image.tags.latest;
  if (typeof latest !== 'string') return [];
  const path = [...image.path, 'tags', 'latest'];
  const line = parseVersionLine(latest);
  if (!line) {
    return [
      report(path, 'invalid-latest', `"${latest}" is not a version line`, 'use true, false or a line such as "3.12"'),
    ];
  }
  const stable = image.versions.flatMap((v) => {
    const parsed = parseVersion(v.version, image.versioning);
    return parsed && !parsed.prerelease ? [parsed] : [];
  });
  if (stable.some((parsed) => inVersionLine(parsed.release, line))) return [];
  const known = stable.map((parsed) => parsed.raw).join(', ') || 'none';
  const message = `latest points at version line "${latest}", which has no stable version in the catalog`;
  return [report(path, 'unknown-latest-line', message, `stable versions of ${image.name}: ${known}`)];
}

function grammarDiagnostics(catalog: TagInput, plan: TagPlan, report: Report): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const node of catalog.nodes) {
    const tags = plan.get(node.id);
    if (!tags) continue;
    const invalid = [...tags.rolling, `${tags.immutablePrefix}-r1`].filter((tag) => !isValidTag(tag));
    const reserved = tags.rolling.filter((tag) => isImmutableTag(tag));
    if (invalid.length > 0) {
      const message = `"${node.id}" would be published as ${quoteList(invalid)}, not ${plural(invalid, 'a valid tag', 'valid tags')}`;
      const hint =
        'tags have at most 128 characters: letters, digits, "_", "." and "-"; shorten the version, variant or alias';
      diagnostics.push(report(node.source.entry, 'invalid-tag', message, hint));
    }
    if (reserved.length > 0) {
      const message = `"${node.id}" would be published as ${quoteList(reserved)}, in the form of immutable -rN tags`;
      const hint =
        'tags ending in -r<number> are reserved for immutable revisions; rename the version, variant or alias';
      diagnostics.push(report(node.source.entry, 'reserved-tag', message, hint));
    }
  }
  return diagnostics;
}

function quoteList(tags: readonly string[]): string {
  return tags.map((tag) => `"${tag}"`).join(', ');
}

function plural(items: readonly unknown[], one: string, many: string): string {
  return items.length === 1 ? one : many;
}

/** One diagnostic per pair of nodes of an image that claim the same tags. */
function conflictDiagnostics(catalog: TagInput, plan: TagPlan, report: Report): Diagnostic[] {
  const owners = new Map<string, string>();
  const clashes = new Map<string, { first: string; second: string; tags: string[] }>();
  for (const node of catalog.nodes) {
    for (const tag of plan.get(node.id)?.rolling ?? []) {
      const key = `${node.image}:${tag}`;
      const first = owners.get(key);
      if (first === undefined) {
        owners.set(key, node.id);
        continue;
      }
      const pair = `${first}\n${node.id}`;
      const clash = clashes.get(pair);
      if (clash) clash.tags.push(tag);
      else clashes.set(pair, { first, second: node.id, tags: [tag] });
    }
  }
  const entries = new Map(catalog.nodes.map((node) => [node.id, node.source.entry]));
  return [...clashes.values()].map(({ first, second, tags }) => {
    const message = `${plural(tags, 'tag', 'tags')} ${quoteList(tags)} claimed by both ${first} and ${second}`;
    const hint =
      'two nodes of one image cannot publish the same tag; rename a version, variant or alias, or turn the alias off under "tags:"';
    return report(entries.get(second) ?? [], 'tag-conflict', message, hint);
  });
}
