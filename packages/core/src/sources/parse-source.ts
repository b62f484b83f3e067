import type { JsonValue } from '../catalog/model.js';
import type { KeyPath } from '../diagnostics.js';

/** Something a node downloads, as it names it in a `source` or `sources` variable. */
export interface CatalogSource {
  /** The variable it comes from: `source`, or `sources[1]`. */
  readonly variable: string;
  /** Where it is written in the catalog: `images.python.versions.3.11.2.source`. */
  readonly declaredAt: string;
  /** The declared `type` (`debian`, `git`, `tarball`, …); null for a plain `{ url, sha256 }` download. */
  readonly type: string | null;
  readonly url: string | null;
  /** Lowercase hex. Required when there is a `url` and no `type`. */
  readonly sha256: string | null;
  /** The last segment of the URL's path (`Python-3.11.2.tgz`); null without a URL. */
  readonly file: string | null;
  /** The mapping's other keys, as written (`package`, `tag`, …). */
  readonly fields: Readonly<Record<string, JsonValue>>;
}

/** A pip requirement from a `requirements` list. */
export interface CatalogRequirement {
  /** As written: `werkzeug==3.1.3`. */
  readonly requirement: string;
  /** The project name, normalized (PEP 503): `werkzeug`. */
  readonly name: string;
  /** Everything after the name and extras, markers excluded: `==3.1.3` (empty when unconstrained). */
  readonly specifier: string;
  /** The exact version when the specifier is one `==` pin without wildcards, else null. */
  readonly version: string | null;
  readonly declaredAt: string;
}

/** Why a value is not a source or a requirement, and where inside the variable (`subPath`). */
export interface SourceProblem {
  readonly subPath: KeyPath;
  readonly message: string;
  readonly hint: string;
}

export type Parsed<T> = { readonly ok: T[] } | { readonly problem: SourceProblem };

const SHA256 = /^[0-9a-fA-F]{64}$/;
const SOURCE_HINT = 'write { url: <https URL>, sha256: <64 hex digits> }, or { type: <kind>, ... } for other fetches';

function isMapping(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function problem(subPath: KeyPath, message: string, hint = SOURCE_HINT): { problem: SourceProblem } {
  return { problem: { subPath, message, hint } };
}

/** The sources of one `source` (a mapping) or `sources` (a list of mappings) variable. */
export function parseSourceVariable(
  name: 'source' | 'sources',
  value: JsonValue,
  declaredAt: string,
): Parsed<CatalogSource> {
  if (name === 'source') {
    if (!isMapping(value)) return problem([], `"source" must be a mapping, not ${describe(value)}`);
    return parseSource(value, 'source', declaredAt, []);
  }
  if (!Array.isArray(value)) {
    return problem(
      [],
      `"sources" must be a list of mappings, not ${describe(value)}`,
      `write sources: [${'{'} url, sha256 }, ...]`,
    );
  }
  const ok: CatalogSource[] = [];
  for (const [index, item] of value.entries()) {
    if (!isMapping(item)) return problem([index], `each entry of "sources" must be a mapping, not ${describe(item)}`);
    const parsed = parseSource(item, `sources[${index}]`, `${declaredAt}.${index}`, [index]);
    if ('problem' in parsed) return parsed;
    ok.push(...parsed.ok);
  }
  return { ok };
}

function parseSource(
  value: { [key: string]: JsonValue },
  variable: string,
  declaredAt: string,
  at: KeyPath,
): Parsed<CatalogSource> {
  const { type, url, sha256, ...fields } = value;
  for (const [key, field] of [
    ['type', type],
    ['url', url],
    ['sha256', sha256],
  ] as const) {
    if (field !== undefined && (typeof field !== 'string' || field === '')) {
      return problem([...at, key], `"${key}" of a source must be a non-empty string, not ${describe(field)}`);
    }
  }
  const text = (field: JsonValue | undefined): string | null => (typeof field === 'string' ? field : null);
  if (type === undefined && url === undefined) {
    return problem(at, `a source needs a "url" (with its "sha256") or a "type"`);
  }
  if (type === undefined && sha256 === undefined) {
    const hint = `add sha256: <the file's sha256> (sha256sum FILE), or a "type" for a fetch pinned another way`;
    return problem(at, `the source ${String(url)} has no "sha256": a download must be pinned by its checksum`, hint);
  }
  if (typeof sha256 === 'string' && !SHA256.test(sha256)) {
    return problem([...at, 'sha256'], `"sha256" must be 64 hexadecimal digits, not "${sha256}"`);
  }
  const link = text(url);
  return {
    ok: [
      {
        variable,
        declaredAt,
        type: text(type),
        url: link,
        sha256: text(sha256)?.toLowerCase() ?? null,
        file: link ? fileOf(link) : null,
        fields,
      },
    ],
  };
}

/** The last segment of a URL's path, without query or fragment. */
function fileOf(url: string): string | null {
  const path = url.replace(/[?#].*$/, '').replace(/\/+$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last && !last.includes(':') ? decodeURIComponent(last) : null;
}

const REQUIREMENT = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*([^;]*?)\s*(?:;.*)?$/;
const CLAUSE = /^(===|==|!=|<=|>=|~=|<|>)\s*[A-Za-z0-9.*+!_-]+$/;

/** The requirements of a `requirements` variable: a list of pip requirement strings. */
export function parseRequirements(value: JsonValue, declaredAt: string): Parsed<CatalogRequirement> {
  const hint = 'write requirements: [name==version, ...], one pip requirement per string';
  if (!Array.isArray(value))
    return problem([], `"requirements" must be a list of strings, not ${describe(value)}`, hint);
  const ok: CatalogRequirement[] = [];
  for (const [index, item] of value.entries()) {
    if (typeof item !== 'string')
      return problem([index], `a requirement must be a string, not ${describe(item)}`, hint);
    const match = REQUIREMENT.exec(item.trim());
    const specifier = match?.[3] ?? '';
    const clauses = specifier ? specifier.split(',').map((clause) => clause.trim()) : [];
    if (!match?.[1] || !(specifier.startsWith('@') || clauses.every((clause) => CLAUSE.test(clause)))) {
      return problem([index], `"${item}" is not a pip requirement`, hint);
    }
    const pin = clauses.length === 1 ? /^==\s*([^*\s]+)$/.exec(clauses[0] ?? '') : null;
    ok.push({
      requirement: item,
      name: match[1].toLowerCase().replace(/[-_.]+/g, '-'),
      specifier,
      version: pin?.[1] ?? null,
      declaredAt: `${declaredAt}.${index}`,
    });
  }
  return { ok };
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
