import { type LoadedCatalog, type LoadOptions, loadCatalog } from '../src/catalog/load-catalog.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { InvalidInputError } from '../src/errors.js';

/** Removes the common indentation of a template literal, so inline YAML reads naturally in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((acc, part, i) => acc + part + (i < values.length ? String(values[i]) : ''), '');
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => l.length - l.trimStart().length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function load(text: string): LoadedCatalog {
  return loadCatalog(text, 'catalog.yaml');
}

/** The formatted errors of an invalid catalog; fails the test if the catalog is valid. */
export function errorsOf(text: string, options: LoadOptions = {}): string[] {
  try {
    loadCatalog(text, 'catalog.yaml', options);
  } catch (error) {
    if (error instanceof InvalidInputError) return error.diagnostics.map(formatDiagnostic);
    throw error;
  }
  throw new Error('expected the catalog to be invalid');
}

/** The example hierarchy from the README, small enough to edit per test. */
export const EXAMPLE = yaml`
  registry: localhost:5000/acme
  images:
    debian:
      kind: os
      versions: { "13": { suite: trixie } }
    pyenv:
      kind: runtime
      from: debian:13
      versions: { "2.5.4": {} }
    python:
      kind: runtime
      from: pyenv:2.5.4
      versions: { "3.11.2": {}, "3.13.5": {} }
    flask:
      kind: framework
      versions: { "3.1.1": {} }
      variants:
        python3.13: { from: python:3.13.5, default: true }
        python3.11: { from: python:3.11.2 }
    hello:
      kind: app
      from: flask:3.1.1-python3.13
      versions: { "1.0.0": {} }
`;
