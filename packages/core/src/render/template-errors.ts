import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../util/did-you-mean.js';
import { familyPartialsDir, PARTIALS_DIR, type TemplateSource } from './partials.js';

/** Marks an error with the template it happened in; the innermost template (a partial) wins. */
export function attribute(error: unknown, file: string): Error & { templateFile: string } {
  const e = (error instanceof Error ? error : new Error(String(error))) as Error & { templateFile?: string };
  e.templateFile ??= file;
  return e as Error & { templateFile: string };
}

/** Turns a Handlebars error into a positioned diagnostic: template file, line, column and a fix. */
export function templateDiagnostic(
  error: Error & { templateFile?: string },
  sources: readonly TemplateSource[],
  nodeId: string,
  variables: readonly string[] = [],
  family?: string,
): Diagnostic {
  const file = error.templateFile ?? 'template';
  const source = sources.find((s) => s.file === file);
  const { line, column } = errorPosition(error, source);
  const missing = /^"([^"]+)" not defined in/.exec(error.message);
  const partial = /^The partial (\S+) could not be found/.exec(error.message);
  let message = error.message.split('\n')[0] ?? error.message;
  let hint: string | undefined;
  if (missing) {
    const name = expressionAt(source, line, column) ?? missing[1];
    const near = name?.startsWith('vars.') ? didYouMean(name.slice(5), variables).replace('"', '"vars.') : '';
    message = `unknown variable "${name}" while rendering ${nodeId}${near}`;
    hint =
      'define it under the image, version or variant in catalog.yaml (template variables are under vars.), or fix the name';
  } else if (partial) {
    message = `unknown partial "${partial[1]}" while rendering ${nodeId}`;
    const own = family ? ` and, for the ${family} family, of ${familyPartialsDir(family)}/` : '';
    hint = `partials are the files of ${PARTIALS_DIR}/${own} (without .hbs)`;
  } else if (message.startsWith('Parse error')) {
    message = `template syntax: ${error.message.split('\n').slice(-1)[0]}`;
  }
  return {
    code: 'template',
    severity: 'error',
    file,
    position: { file, line, column },
    message,
    ...(hint ? { hint } : {}),
  };
}

/** The dotted path written at a position (`vars.suite`): Handlebars names only its last segment. */
function expressionAt(source: TemplateSource | undefined, line: number, column: number): string | undefined {
  const text = source?.text.split('\n')[line - 1];
  const match = text ? /^[A-Za-z_@][\w.@-]*/.exec(text.slice(column - 1)) : null;
  return match?.[0];
}

function errorPosition(error: Error, source: TemplateSource | undefined): { line: number; column: number } {
  const e = error as Error & { lineNumber?: number; column?: number };
  if (typeof e.lineNumber === 'number') return { line: e.lineNumber, column: (e.column ?? 0) + 1 };
  const parse = /Parse error on line (\d+)/.exec(error.message);
  if (parse) return { line: Number(parse[1]), column: 1 };
  const partial = /^The partial (\S+) could not be found/.exec(error.message);
  if (partial && source) {
    const index = source.text.search(new RegExp(`\\{\\{#?>\\s*${partial[1]?.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    if (index >= 0) {
      const before = source.text.slice(0, index).split('\n');
      return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
    }
  }
  return { line: 1, column: 1 };
}
