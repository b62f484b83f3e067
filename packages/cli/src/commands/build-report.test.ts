import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const example = readFileSync(fileURLToPath(new URL('../../../../catalog.yaml', import.meta.url)), 'utf8');

/** A workspace whose last build report (out/last-build.json) holds `text`. */
function withLastReport(text: string): string {
  const dir = workspace({ 'catalog.yaml': example });
  mkdirSync(join(dir, 'out'));
  writeFileSync(join(dir, 'out/last-build.json'), text);
  return dir;
}

describe('catalog build reads the last build report through its contract', () => {
  it.each([
    ['truncated', '{"schemaVersion": 1, "nodes": [', 'not a complete JSON document (truncated or damaged?)'],
    [
      'older',
      '{"registry": "localhost:5000/acme", "nodes": []}',
      'has no "schemaVersion": written by an older catalog',
    ],
    ['foreign', '{"schemaVersion": 3}', 'has schemaVersion 3; this catalog reads versions 1 and 2'],
  ])(
    'a %s out/last-build.json stops build and build --upstream-changed before anything runs',
    async (_, text, message) => {
      const dir = withLastReport(text);
      for (const argv of [
        ['build', '--dry-run'],
        ['build', '--upstream-changed'],
      ]) {
        const result = await run(argv, dir);
        expect(result.code, result.stderr).toBe(1);
        expect(result.stderr).toContain(`out/last-build.json: ${message}`);
        expect(result.stderr).toContain('rebuild to write a new one');
      }
    },
  );
});
