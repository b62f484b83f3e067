import type { z } from 'zod';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { didYouMean } from '../util/did-you-mean.js';
import { catalogSchemas, VARIANT_KEYS, VERSION_KEYS } from './schema.js';
import type { SourceMap } from './source-map.js';

/** Known keys per map, by where the map sits in the document; used for did-you-mean. */
function knownKeys(path: KeyPath): readonly string[] {
  const { catalogTopLevelSchema, imageSchema, labelsSchema } = catalogSchemas();
  if (path.length === 0) return Object.keys(catalogTopLevelSchema.shape);
  if (path.length === 1 && path[0] === 'labels') return Object.keys(labelsSchema.shape);
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
    case 'invalid_type':
      return [
        at(
          path,
          `expected ${issue.expected}, got ${describeValue(actual)}`,
          'wrong-type',
          quoteHint([issue.expected], actual, path, map),
        ),
      ];
    case 'invalid_union': {
      // `latest: 3.10`: say what the alternatives expect, not zod's "Invalid input".
      const expected = [
        ...new Set(issue.errors.flat().flatMap((e) => (e.code === 'invalid_type' ? [e.expected] : []))),
      ];
      if (expected.length === 0) return [at(path, issue.message, 'invalid-value')];
      const message = `expected ${expected.join(' or ')}, got ${describeValue(actual)}`;
      return [at(path, message, 'wrong-type', quoteHint(expected, actual, path, map))];
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
      return [at(path, 'must not be empty', 'empty-value')];
    case 'invalid_format':
      return [
        at(path, `invalid value ${JSON.stringify(actual)}`, 'invalid-format', 'use letters, digits, "_", "." and "-"'),
      ];
    default:
      return [at(path, issue.message, 'invalid-value')];
  }
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
