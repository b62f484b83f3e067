import type { Diagnostic, SourcePosition } from '../diagnostics.js';
import { InvalidInputError } from '../errors.js';

/**
 * This machine's settings for a catalog, next to it and git-ignored: `CATALOG_*` variables
 * (mirrors, registry, builder) as `NAME=value` lines, `export ` allowed, so `tools/example.sh` can
 * write what `tools/offline-mirror.sh env` prints. Every command reads it; the environment wins.
 */
export const LOCAL_SETTINGS_FILE = '.catalog/local.env';

const LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

/** The variables of a local settings file; every malformed line is an error with its position. */
export function parseLocalSettings(text: string, file: string): Record<string, string> {
  const values: Record<string, string> = {};
  const diagnostics: Diagnostic[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const position = { file, line: index + 1, column: raw.indexOf(line) + 1 };
    const match = LINE.exec(line);
    const name = match?.[1];
    if (!match || name === undefined) {
      diagnostics.push(problem(file, position, `not a NAME=value line: ${line}`, 'write `CATALOG_<NAME>=value`'));
    } else if (!name.startsWith('CATALOG_')) {
      diagnostics.push(
        problem(
          file,
          position,
          `${name}: only CATALOG_* settings belong here`,
          'set other variables in the environment',
        ),
      );
    } else values[name] = unquote((match[2] ?? '').trim());
  });
  if (diagnostics.length > 0) throw new InvalidInputError(diagnostics);
  return values;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? (quoted[2] ?? '') : value;
}

function problem(file: string, position: SourcePosition, message: string, hint: string): Diagnostic {
  return { code: 'local-settings', severity: 'error', message, file, position, hint };
}
