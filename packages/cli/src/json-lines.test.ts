import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';
import { writeJson } from './io.js';

const example = readFileSync(fileURLToPath(new URL('../../../catalog.yaml', import.meta.url)), 'utf8');
const exampleDir = workspace({ 'catalog.yaml': example });

/** Every line of `text` is one JSON value; returns them. */
function jsonLines(text: string): unknown[] {
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('--json prints one JSON value per line', () => {
  it('writeJson puts a nested value on one line', () => {
    let out = '';
    writeJson({ write: (chunk: string) => (out += chunk) }, { type: 'report', report: { nodes: [{ id: 'a' }] } });
    expect(out).toBe('{"type":"report","report":{"nodes":[{"id":"a"}]}}\n');
  });

  it.each([[['plan', '--json']], [['validate', '--json']], [['tags', '--json', '--offline']], [['sources', '--json']]])(
    '%j',
    async (argv) => {
      const result = await run(argv, exampleDir);
      expect(result.code, result.stderr).toBe(0);
      expect(jsonLines(result.stdout)).toHaveLength(1);
    },
  );

  it('an error with --json is one line too', async () => {
    const result = await run(['validate', '--json'], workspace({ 'catalog.yaml': 'registry: r\nimages: {}\n' }));
    expect(result.code).toBe(1);
    expect(jsonLines(result.stdout)).toHaveLength(1);
  });
});
