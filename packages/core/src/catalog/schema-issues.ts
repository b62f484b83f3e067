import type { z } from 'zod';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { didYouMean } from '../util/did-you-mean.js';
import { catalogSchemas, VARIANT_KEYS, VERSION_KEYS } from './schema.js';
import type { SourceMap } from './source-map.js';

/** Known keys per map, by where the map sits in the document; used for did-you-mean. */
function knownKeys(path: KeyPath): readonly string[] {
  const { catalogTopLevelSchema, imageSchema, labelsSchema, signingMapSchema } = catalogSchemas();
  if (path.length === 0) return Object.keys(catalogTopLevelSchema.shape);
  if (path.length === 1 && path[0] === 'labels') return Object.keys(labelsSchema.shape);
  if (path.length === 1 && path[0] === 'signing') return Object.keys(signingMapSchema.shape);
  if (path.length === 2 && path[0] === 'images') return Object.keys(imageSchema.shape);
  if (path[path.length - 2] === 'versions') return VERSION_KEYS;
  if (path[path.length - 2] === 'variants') return VARIANT_KEYS;
  return [];
}

const KEY_RULES: Record<string, { what: string; rule: string }> = {
  images: { what: 'image name', rule: 'use lowercase letters and digits, separated by ".", "_" or "-"' },
  versions: { what: 'version', rule: 'versions become tags: letters, digits, "_", "." and "-", at most 128' },
  variants: { what: 'variant name', rule: 'variant names become tag suffixes: letters, digits, "_", "." and "-"' },
  vars: { what: 'variable name', rule: 'template variables are identifiers: letters, digits and "_"' },
  mirrors: {
    what: 'mirror name',
    rule: 'mirror names are identifiers (they become MIRROR_<NAME>): letters, digits and "_"',
  },
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `the string ${JSON.stringify(value)}`;
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let current: unknown = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

type Issue = z.core.$ZodIssue;

/** Turns one zod issue into positioned diagnostics (one per unknown key). */
export function issueToDiagnostics(issue: Issue, base: KeyPath, data: unknown, map: SourceMap): Diagnostic[] {
  const path: KeyPath = [...base, ...(issue.path as (string | number)[])];
  const at = (p: KeyPath, message: string, code: string, hint?: string): Diagnostic => ({
    code,
    severity: 'error',
    file: map.file,
    position: positionFor(code, p, map),
    path: p,
    message,
    ...(hint ? { hint } : {}),
  });
  const actual = valueAt(data, issue.path as KeyPath);
  if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && actual === undefined) {
    const key = String(path[path.length - 1]);
    return [at(path, `missing required key "${key}"`, 'missing-key', `add "${key}:" here`)];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) =>
        at([...path, key], `unknown key "${key}"${didYouMean(key, knownKeys(path))}`, 'unknown-key', allowed(path)),
      );
    case 'invalid_type': {
      const expected = typeName(issue.expected);
      const hint = quoteHint([issue.expected], actual, path, map) ?? TYPE_HINTS[expected];
      return [at(path, `expected ${expected}, got ${describeValue(actual)}`, 'wrong-type', hint)];
    }
    case 'invalid_union': {
      // `signing: offf` or `signing: { mode: keyles }`: the problems of the alternative of that shape.
      const chosen = unionBranchFor(issue.errors, actual);
      if (chosen)
        return chosen.flatMap((e) =>
          issueToDiagnostics({ ...e, path: [...issue.path, ...e.path] } as Issue, base, data, map),
        );
      // `latest: 3.10`: say what the alternatives expect, not zod's "Invalid input".
      const expected = [
        ...new Set(issue.errors.flat().flatMap((e) => (e.code === 'invalid_type' ? [e.expected] : []))),
      ];
      if (expected.length === 0) return [at(path, issue.message, 'invalid-value', 'see the format in README.md')];
      const message = `expected ${expected.map(typeName).join(' or ')}, got ${describeValue(actual)}`;
      const hint = quoteHint(expected, actual, path, map) ?? `write ${expected.map(typeName).join(' or ')} here`;
      return [at(path, message, 'wrong-type', hint)];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const got = String(actual);
      const key = String(path[path.length - 1]);
      const message = `unknown ${key} ${JSON.stringify(actual)}${didYouMean(got, options)}`;
      return [at(path, message, `unknown-${key}`, `expected one of ${options.join(', ')}`)];
    }
    case 'invalid_key': {
      const container = String(path[path.length - 2]);
      const rule = KEY_RULES[container] ?? { what: 'key', rule: 'rename it' };
      const key = String(path[path.length - 1]);
      return [at(path, `invalid ${rule.what} ${JSON.stringify(key)}`, 'invalid-key', rule.rule)];
    }
    case 'too_small':
    case 'too_big':
      if (issue.origin === 'number') {
        const bound = issue.code === 'too_small' ? `at least ${issue.minimum}` : `at most ${issue.maximum}`;
        return [
          at(path, `${String(actual)} is out of range: must be ${bound}`, 'out-of-range', `write a number ${bound}`),
        ];
      }
      if (issue.code === 'too_big') return [at(path, issue.message, 'invalid-value', 'see the format in README.md')];
      return [
        at(
          path,
          'must not be empty',
          'empty-value',
          issue.origin === 'array' ? 'list at least one item' : 'write a value',
        ),
      ];
    case 'invalid_format':
      return [at(path, `invalid value ${JSON.stringify(actual)}`, 'invalid-format', formatRule(path))];
    default:
      return [at(path, issue.message, 'invalid-value', 'see the format in README.md')];
  }
}

/**
 * The alternative of a union that fits the value's shape: for a map, the one whose problems are all
 * inside it (a wrong or unknown key); for text, the one that names the allowed values.
 */
function unionBranchFor(branches: readonly (readonly Issue[])[], actual: unknown): readonly Issue[] | undefined {
  if (actual !== null && typeof actual === 'object' && !Array.isArray(actual))
    return branches.find((b) => b.length > 0 && b.every((e) => e.path.length > 0 || e.code === 'unrecognized_keys'));
  if (typeof actual === 'string')
    return branches.find((b) => b.length === 1 && b[0]?.code === 'invalid_value' && b[0].path.length === 0);
  return undefined;
}

/** zod's type names as the catalog's author knows them. */
function typeName(expected: string): string {
  return ({ record: 'map', object: 'map', array: 'list' } as Record<string, string>)[expected] ?? expected;
}

const TYPE_HINTS: Record<string, string> = {
  string: 'write text here, in quotes if YAML would read it as a number, true, false or null',
  map: 'write a map here: one "key: value" per entry, or { key: value }',
  list: 'write a list here: [a, b], or one "- item" per line',
  boolean: 'write true or false',
  number: 'write a number',
};

/** What a string of a given key must look like, for values that do not (by the key they are under). */
const FORMAT_RULES: Record<string, string> = {
  env: 'an environment variable name: uppercase letters, digits and "_", not starting with a digit',
  platforms: 'os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8',
  rebuildAfter: 'a number and h, d or w, e.g. 12h, 30d or 2w',
  components: 'lowercase letters, digits and "-", e.g. main',
  mirror: 'the name of an entry of mirrors: letters, digits and "_"',
  id: 'letters, digits, "_", "." and "-"',
  aliases: 'tag suffixes: letters, digits, "_", "." and "-"',
  liveness: 'an absolute URL path, e.g. /healthz',
  readiness: 'an absolute URL path, e.g. /readyz',
  writablePaths: 'absolute folders, e.g. /tmp',
  cpu: 'a Kubernetes quantity, e.g. 250m or 1',
  memory: 'a Kubernetes quantity, e.g. 128Mi or 1Gi',
};

function formatRule(path: KeyPath): string {
  const key = [...path].reverse().find((segment) => typeof segment === 'string');
  return FORMAT_RULES[String(key)] ?? 'use letters, digits, "_", "." and "-"';
}

/**
 * For a number where text is expected and YAML changed it (`latest: 3.10` is 3.1), the fix is the
 * quoted text as written.
 */
function quoteHint(expected: readonly string[], actual: unknown, path: KeyPath, map: SourceMap): string | undefined {
  if (!expected.includes('string') || typeof actual !== 'number') return undefined;
  const written = map.writtenAt(path);
  return written !== undefined && written !== String(actual) ? `write ${JSON.stringify(written)}` : undefined;
}

/** Unknown keys point at the key; missing keys at the map that lacks them; everything else at the value. */
function positionFor(code: string, path: KeyPath, map: SourceMap) {
  if (code === 'unknown-key' || code === 'invalid-key') return map.keyAt(path);
  if (code === 'missing-key') return map.keyAt(path.slice(0, -1));
  return map.valueAt(path);
}

function allowed(path: KeyPath): string | undefined {
  const keys = knownKeys(path);
  if (keys.length === 0) return undefined;
  const where = path[path.length - 2] === 'versions' || path[path.length - 2] === 'variants';
  const extra = where ? '; other keys here are template variables' : '';
  return `allowed keys: ${keys.join(', ')}${extra}`;
}
