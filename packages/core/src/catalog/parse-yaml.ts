import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { Diagnostic } from '../diagnostics.js';
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
 * `2024-01-01` stays a string and `yes` is not a boolean.
 */
export function parseYaml(text: string, file: string): ParsedYaml {
  const sourceMap = new SourceMap(file, text);
  let numbers = numberWatch();
  const diagnostics: Diagnostic[] = [];
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: file, listener: numbers.listener });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const duplicates = error.reason === DUPLICATE_KEY ? duplicateKeyDiagnostics(sourceMap) : [];
    if (duplicates.length === 0) {
      return { data: undefined, sourceMap, diagnostics: syntaxDiagnostics(error, sourceMap), usable: false };
    }
    // Duplicate keys are reported, and the rest of the file is still checked: read it again with the
    // last of each repeated key winning (the source map finds the same one).
    numbers = numberWatch();
    try {
      data = load(text, { schema: CORE_SCHEMA, filename: file, listener: numbers.listener, json: true });
    } catch (again) {
      if (!(again instanceof YAMLException)) throw again;
      return { data: undefined, sourceMap, diagnostics: syntaxDiagnostics(again, sourceMap), usable: false };
    }
    diagnostics.push(...duplicates);
  }
  if (!withinExpansionBudget(data, text.length * 4 + 10_000)) {
    const message = 'the document expands to far more values than it has text (YAML aliases nested in aliases?)';
    const diagnostic: Diagnostic = {
      code: 'yaml-aliases',
      severity: 'error',
      file,
      message,
      hint: 'write the values out, or use fewer nested aliases',
    };
    return { data: undefined, sourceMap, diagnostics: [diagnostic], usable: false };
  }
  if (numbers.seen()) diagnostics.push(...numberKeyDiagnostics(data, sourceMap));
  return { data, sourceMap, diagnostics, usable: true };
}

/** js-yaml's reason for a key repeated in a map. */
const DUPLICATE_KEY = 'duplicated mapping key';

function syntaxDiagnostics(error: YAMLException, map: SourceMap): Diagnostic[] {
  const duplicates = duplicateKeyDiagnostics(map);
  const errors = map.syntaxErrors();
  if (errors.length === 0 && duplicates.length > 0) return duplicates;
  if (errors.length === 0) {
    // The parsers disagree (rare): report js-yaml's own reason and mark.
    const position = { file: map.file, line: error.mark.line + 1, column: error.mark.column + 1 };
    return [
      { code: 'yaml-syntax', severity: 'error', file: map.file, position, message: `invalid YAML: ${error.reason}` },
    ];
  }
  const syntax = errors.map(
    (e): Diagnostic => ({
      code: 'yaml-syntax',
      severity: 'error',
      file: map.file,
      position: map.offset(e.pos[0]),
      // The yaml library's messages are precise but end with position info we already give.
      message: `invalid YAML: ${e.message.replace(/ at line \d+, column \d+.*$/s, '')}`,
    }),
  );
  return [...syntax, ...duplicates];
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
 * use. Refuse documents whose walk would dwarf their text ("billion laughs").
 */
function withinExpansionBudget(data: unknown, budget: number): boolean {
  let visited = 0;
  const stack: unknown[] = [data];
  while (stack.length > 0) {
    const value = stack.pop();
    if (++visited > budget) return false;
    if (value !== null && typeof value === 'object') stack.push(...Object.values(value));
  }
  return true;
}
