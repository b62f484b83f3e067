import { describe, expect, it } from 'vitest';
import type { BuildReport } from '../report/build-report.js';
import { publishedFromReport } from './published.js';

const report = (nodes: BuildReport['nodes']): BuildReport => ({
  schemaVersion: 1,
  registry: 'r.example/acme',
  pushed: true,
  interrupted: false,
  startedAt: '2026-01-01T00:00:00Z',
  durationMs: 1,
  summary: { built: 0, 'up-to-date': 0, failed: 0, skipped: 0 },
  nodes,
});
const node = (id: string) => ({ id, version: id.split(':')[1] ?? '', variant: null });

describe('publishedFromReport', () => {
  it('takes the digest and the newest -rN tag of built and up-to-date nodes of the catalog', () => {
    const published = publishedFromReport(
      report([
        { id: 'a:1', status: 'built', digest: 'sha256:1', tags: ['1', '1-r1', '1-r10', '1-r2'] },
        { id: 'b:1', status: 'up-to-date', digest: 'sha256:2', tags: [] },
        { id: 'c:1', status: 'failed', tags: [] },
        { id: 'gone:1', status: 'built', digest: 'sha256:3', tags: ['1-r1'] },
      ]),
      ['a:1', 'b:1', 'c:1'].map(node),
    );
    expect(published.get('a:1')).toEqual({ digest: 'sha256:1', immutableTag: '1-r10', testsPassed: true });
    expect(published.get('b:1')).toEqual({ digest: 'sha256:2', testsPassed: true });
    expect(published.has('c:1')).toBe(false);
    expect(published.has('gone:1')).toBe(false);
  });
});
