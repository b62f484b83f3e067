import { CORE_SCHEMA, type LoadOptions, load, Type, YAMLException } from 'js-yaml';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { numberKeyDiagnostics, numberWatch } from './number-keys.js';
import { SourceMap, type WrittenKey } from './source-map.js';

export interface ParsedYaml {
  /** The plain data, or undefined when the text is not valid YAML. */
  readonly data: unknown;
  readonly sourceMap: SourceMap;
  /**
   * Problems of the text. With `usable`, the data was still read (e.g. a number key was renamed to
   * its text) and validation goes on, to report every problem of the file in one run.
   */
  readonly diagnostics: readonly Diagnostic[];
  readonly usable: boolean;
}

/**
 * Parses YAML text into plain data; syntax errors become diagnostics, never exceptions.
 *
 * Two parsers, on purpose: js-yaml reads the data (about 10x faster on large catalogs, which keeps
 * `catalog plan` quick), and the `yaml` library, which keeps positions, is consulted through the
 * SourceMap only when a diagnostic needs a line and column. Both use the YAML 1.2 core schema, so
 * `2024-01-01` stays a string and `yes` is not a boolean, with merge keys (`<<: *common`) added.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const sourceMap = new SourceMap(file, text);
  let numbers = numberWatch();
  const diagnostics: Diagnostic[] = [];
  const read = (json: boolean) =>
    load(text, {
      schema: CATALOG_SCHEMA,
      filename: file,
      listener: numbers.listener,
      json,
      maxDepth: MAX_DEPTH,
    } as LoadOptions);
  let data: unknown;
  try {
    data = read(false);
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const duplicates = error.reason === DUPLICATE_KEY ? duplicateKeyDiagnostics(sourceMap) : [];
    if (duplicates.length === 0) {
      return { data: undefined, sourceMap, diagnostics: syntaxDiagnostics(error, sourceMap, text), usable: false };
    }
    // Duplicate keys are reported, and the rest of the file is still checked: read it again with the
    // last of each repeated key winning (the source map finds the same one).
    numbers = numberWatch();
    try {
      data = read(true);
    } catch (again) {
      if (!(again instanceof YAMLException)) throw again;
      return { data: undefined, sourceMap, diagnostics: syntaxDiagnostics(again, sourceMap, text), usable: false };
    }
    diagnostics.push(...duplicates);
  }
  const expansion = expansionProblem(data, text.length * 4 + 10_000);
  if (expansion) return { data: undefined, sourceMap, diagnostics: [expansion(sourceMap)], usable: false };
  if (numbers.seen()) diagnostics.push(...numberKeyDiagnostics(data, sourceMap));
  return { data, sourceMap, diagnostics, usable: true };
}

/**
 * The YAML 1.2 core schema and merge keys, as compose files use them: a plain `<<` key is js-yaml's
 * merge tag (its own merge type, which @types/js-yaml does not export, is this).
 */
const MERGE = new Type('tag:yaml.org,2002:merge', { kind: 'scalar', resolve: (data: unknown) => data === '<<' });
const CATALOG_SCHEMA = CORE_SCHEMA.extend({ implicit: [MERGE] });

/**
 * How deep the document may nest. A catalog needs a handful of levels; far deeper text is an attack
 * on the parsers (the position-keeping one overflows its stack near a thousand).
 */
const MAX_DEPTH = 100;

/** How deep the data may nest once aliases are followed (deeper would overflow recursive walks). */
const MAX_DATA_DEPTH = 2 * MAX_DEPTH;

/** js-yaml's reason for a key repeated in a map. */
const DUPLICATE_KEY = 'duplicated mapping key';

/** What is known to help with the yaml library's syntax errors, by code. */
const SYNTAX_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces, not tabs',
  BAD_INDENT: 'indent the entries of one map or list by the same number of spaces',
  MISSING_CHAR: 'close what is open here: a quote, "]" or "}"',
  MULTILINE_IMPLICIT_KEY: 'keep a key and its ":" on one line, or quote the key',
  BLOCK_AS_IMPLICIT_KEY: 'write ": " after a key, and indent the value below it',
  BAD_ALIAS: 'define the anchor (&name) before its alias (*name)',
  MULTIPLE_DOCS: 'a catalog is one YAML document: remove the "---" separator and what follows, or merge them',
};
const SYNTAX_HINT = 'check the YAML here: indentation, quotes, brackets and ": " after keys';

/** The same for js-yaml's reasons, where only js-yaml objects (merges, aliases, characters). */
const JS_YAML_HINTS: readonly (readonly [RegExp, string])[] = [
  [/merge/, '"<<" merges maps: write <<: *anchor or <<: [*a, *b], the anchors naming maps'],
  [/unidentified alias/, 'define the anchor (&name) before its alias (*name), or write the value out'],
  [
    /non-printable|JSON character/,
    'remove the control character, or write it as an escape in double quotes ("\\u0007")',
  ],
];

function syntaxDiagnostics(error: YAMLException, map: SourceMap, text: string): Diagnostic[] {
  // Too deep for the position-keeping parser: locate it with js-yaml's mark and the text before it.
  if (error.reason.startsWith('nesting exceeded maxDepth')) return [depthDiagnostic(error, map, text)];
  const duplicates = duplicateKeyDiagnostics(map);
  const errors = map.syntaxErrors();
  if (errors.length === 0 && duplicates.length > 0) return duplicates;
  if (errors.length === 0) {
    // The parsers disagree (rare: merge keys on a scalar, non-printable characters): report js-yaml's
    // own reason and mark.
    const path = pathNear(map, text, error.mark.position);
    return [
      {
        code: 'yaml-syntax',
        severity: 'error',
        file: map.file,
        position: { file: map.file, line: error.mark.line + 1, column: error.mark.column + 1 },
        ...(path.length > 0 ? { path } : {}),
        message: `invalid YAML: ${error.reason}`,
        hint: JS_YAML_HINTS.find(([pattern]) => pattern.test(error.reason))?.[1] ?? SYNTAX_HINT,
      },
    ];
  }
  const syntax = errors.map((e): Diagnostic => {
    // A second document has no place in the first: no key path.
    const path = e.code === 'MULTIPLE_DOCS' ? [] : pathNear(map, text, e.pos[0]);
    return {
      code: 'yaml-syntax',
      severity: 'error',
      file: map.file,
      position: map.offset(e.pos[0]),
      ...(path.length > 0 ? { path } : {}),
      // The yaml library's messages are precise but end with position info we already give.
      message: `invalid YAML: ${e.message.replace(/ at line \d+, column \d+.*$/s, '').replace(/; please use YAML\.\w+\(\)/, '')}`,
      hint: /end with an? [\]}]/.test(e.message)
        ? 'close it with the bracket named, or indent its next lines further'
        : (SYNTAX_HINTS[e.code] ?? SYNTAX_HINT),
    };
  });
  return [...syntax, ...duplicates];
}

/**
 * The key path at a syntax error, which often sits in the whitespace around what it concerns (a tab
 * before a key, the end of a line missing its bracket): else the next thing written on its line,
 * else the last thing written before it.
 */
function pathNear(map: SourceMap, text: string, offset: number): KeyPath {
  const at = map.pathAt(offset);
  if (at.length > 0) return at;
  let next = offset;
  while (next < text.length && (text[next] === ' ' || text[next] === '\t')) next++;
  if (next < text.length && text[next] !== '\n' && text[next] !== '\r') {
    const after = map.pathAt(next);
    if (after.length > 0) return after;
  }
  let previous = Math.min(offset, text.length) - 1;
  while (previous > 0 && /\s/.test(text[previous] ?? '')) previous--;
  return previous >= 0 ? map.pathAt(previous) : [];
}

/** Key paths of deep nesting are cut here: the position says where exactly. */
const SHOWN_DEPTH = 12;

function depthDiagnostic(error: YAMLException, map: SourceMap, text: string): Diagnostic {
  // The text before the mark nests at most MAX_DEPTH deep: the position-keeping parser can read it.
  const before = text.slice(0, error.mark.position).trimEnd();
  const path = new SourceMap(map.file, before).pathAt(Math.max(0, before.length - 1)).slice(0, SHOWN_DEPTH);
  return {
    code: 'yaml-depth',
    severity: 'error',
    file: map.file,
    position: { file: map.file, line: error.mark.line + 1, column: error.mark.column + 1 },
    ...(path.length > 0 ? { path } : {}),
    message: `the document nests deeper than ${MAX_DEPTH} levels`,
    hint: 'a catalog needs a few levels: flatten this value',
  };
}

/**
 * Keys written twice in one map, as the loaded data sees them (`1` and `"1"` are the same key), each
 * repeat at its position with its key path and the real key, quoted and escaped.
 */
export function duplicateKeyDiagnostics(map: SourceMap): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { path, keys } of map.maps()) {
    const first = new Map<string, WrittenKey>();
    for (const key of keys) {
      const earlier = first.get(key.name);
      if (!earlier) {
        first.set(key.name, key);
        continue;
      }
      const where = `line ${earlier.position.line}, column ${earlier.position.column}`;
      diagnostics.push({
        code: 'duplicate-key',
        severity: 'error',
        file: map.file,
        position: key.position,
        path: [...path, key.name],
        message: `duplicate key ${JSON.stringify(key.name)} (first at ${where})`,
        hint: 'each key may appear once in a map: merge the two entries or rename one',
      });
    }
  }
  return diagnostics;
}

/**
 * Aliases are shared references in the loaded data; walking it (as validation does) visits each
 * use. Refuse documents whose walk would dwarf their text ("billion laughs") or that aliases nest
 * deeper than the text may (an alias of a deep list in a deep list...). Returns the diagnostic to
 * report, given the source map, or undefined.
 */
function expansionProblem(data: unknown, budget: number): ((map: SourceMap) => Diagnostic) | undefined {
  let visited = 0;
  const values: unknown[] = [data];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() ?? 0;
    if (++visited > budget || depth > MAX_DATA_DEPTH) {
      return (map) => expansionDiagnostic(data, budget, map, depth > MAX_DATA_DEPTH);
    }
    if (value !== null && typeof value === 'object') {
      for (const child of Object.values(value)) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return undefined;
}

/** Walks again, the same way, to name where the budget ran out, at the alias that leads there. */
function expansionDiagnostic(data: unknown, budget: number, map: SourceMap, tooDeep: boolean): Diagnostic {
  let visited = 0;
  const stack: { value: unknown; path: KeyPath }[] = [{ value: data, path: [] }];
  let path: KeyPath = [];
  while (stack.length > 0) {
    const { value, path: at } = stack.pop() as (typeof stack)[number];
    if (++visited > budget || at.length > MAX_DATA_DEPTH) {
      path = at;
      break;
    }
    if (value !== null && typeof value === 'object') {
      const list = Array.isArray(value);
      for (const [key, child] of Object.entries(value))
        stack.push({ value: child, path: [...at, list ? Number(key) : key] });
    }
  }
  const written = map.writtenPath(path);
  return {
    code: 'yaml-aliases',
    severity: 'error',
    file: map.file,
    position: map.valueAt(written),
    ...(written.length > 0 ? { path: written.slice(0, SHOWN_DEPTH) } : {}),
    message: tooDeep
      ? `aliases nest the document deeper than ${MAX_DATA_DEPTH} levels`
      : 'the document expands to far more values than it has text (YAML aliases nested in aliases?)',
    hint: 'write the values out, or use fewer nested aliases',
  };
}
