import { createRequire } from 'node:module';
import type Handlebars from 'handlebars';
import type { Label } from './labels.js';
import type { TemplateSource } from './partials.js';
import { partialName } from './partials.js';
import { dockerString } from './safe-values.js';
import { attribute } from './template-errors.js';

export type CompiledTemplate = (context: unknown) => string;

const COMPILE_OPTIONS = { strict: true, noEscape: true, preventIndent: false } as const;

/** Helpers available to every template. They format data; none of them reads or runs anything. */
function registerHelpers(hb: typeof Handlebars): void {
  hb.registerHelper('dockerString', (value: unknown) => dockerString(String(value)));
  hb.registerHelper('json', (value: unknown) => JSON.stringify(value));
  hb.registerHelper('shellQuote', (value: unknown) => `'${String(value).replace(/'/g, `'\\''`)}'`);
  hb.registerHelper('sort', (list: unknown) => (Array.isArray(list) ? [...list].map(String).sort() : []));
  hb.registerHelper('join', (list: unknown, separator: unknown) =>
    Array.isArray(list) ? list.join(typeof separator === 'string' ? separator : ' ') : '',
  );
  hb.registerHelper('array', (...args: unknown[]) => args.slice(0, -1));
  hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).map(String).join(''));
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  hb.registerHelper('default', (value: unknown, fallback: unknown) => value ?? fallback);
  hb.registerHelper('labelValue', (label: Label) =>
    label.fromBuildArg ? `"\${${label.value}}"` : dockerString(String(label.value)),
  );
  // `choose vars.level "none" "" "fast" "-O3"`: the text paired with the value; an error naming the
  // choices for any other value, so a misspelt setting fails the render instead of meaning nothing.
  hb.registerHelper('choose', (value: unknown, ...rest: unknown[]) => {
    const pairs = rest.slice(0, -1);
    for (let i = 0; i + 1 < pairs.length; i += 2) if (pairs[i] === value) return pairs[i + 1];
    const choices = pairs.filter((_, i) => i % 2 === 0).map((c) => JSON.stringify(c));
    throw new Error(`${JSON.stringify(value)} is not one of ${choices.join(', ')}`);
  });
  // `majorMinor "3.13.5" "."` → `3.13`; with "" → `313` (python-build's verify_py313).
  hb.registerHelper('majorMinor', (version: unknown, separator: unknown) =>
    String(version)
      .split('.')
      .slice(0, 2)
      .join(typeof separator === 'string' ? separator : '.'),
  );
}

/**
 * A Handlebars environment of its own (no global registrations), in strict mode: a variable the
 * data does not define is an error, not an empty string. Errors carry the template file they
 * happened in, partials included.
 */
export function createTemplateEnvironment(partials: readonly TemplateSource[]): {
  compile: (source: TemplateSource) => CompiledTemplate;
} {
  // Loaded on first use: commands that do not render (validate, plan, graph) never pay for it.
  const hb = (createRequire(import.meta.url)('handlebars') as typeof Handlebars).create();
  registerHelpers(hb);
  const compileSource = (source: TemplateSource): CompiledTemplate => {
    try {
      hb.parse(source.text);
    } catch (error) {
      throw attribute(error, source.file);
    }
    const template = hb.compile(source.text, COMPILE_OPTIONS);
    return (context: unknown) => {
      try {
        return template(context);
      } catch (error) {
        throw attribute(error, source.file);
      }
    };
  };
  for (const partial of partials) {
    const compiled = compileSource(partial);
    hb.registerPartial(partialName(partial.file), ((context: unknown) => compiled(context)) as Handlebars.Template);
  }
  return { compile: compileSource };
}
