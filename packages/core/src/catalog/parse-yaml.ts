import { LineCounter, parseDocument } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { SourceMap } from './source-map.js';

export interface ParsedYaml {
  /** The plain data, or undefined when the text is not valid YAML. */
  readonly data: unknown;
  readonly sourceMap: SourceMap;
  readonly diagnostics: readonly Diagnostic[];
}

/** Guards against alias bombs ("billion laughs") in untrusted catalogs. */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML text, keeping positions; syntax errors become diagnostics, never exceptions. */
export function parseYaml(text: string, file: string): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const sourceMap = new SourceMap(file, doc, lines);
  const diagnostics: Diagnostic[] = doc.errors.map((error) => ({
    code: error.code === 'DUPLICATE_KEY' ? 'duplicate-key' : 'yaml-syntax',
    severity: 'error',
    file,
    position: sourceMap.offset(error.pos[0]),
    message: yamlMessage(error.code, error.message, text.slice(error.pos[0], error.pos[1])),
    ...(error.code === 'DUPLICATE_KEY' ? { hint: 'each key may appear once in a map; merge or rename one' } : {}),
  }));
  if (diagnostics.length > 0) return { data: undefined, sourceMap, diagnostics };
  try {
    return { data: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), sourceMap, diagnostics };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const diagnostic: Diagnostic = { code: 'yaml-syntax', severity: 'error', file, message };
    return { data: undefined, sourceMap, diagnostics: [diagnostic] };
  }
}

function yamlMessage(code: string, message: string, source: string): string {
  if (code === 'DUPLICATE_KEY') return `duplicate key "${source.trim()}"`;
  // The yaml library's messages are precise but end with position info we already give.
  return `invalid YAML: ${message.replace(/ at line \d+, column \d+.*$/s, '')}`;
}
