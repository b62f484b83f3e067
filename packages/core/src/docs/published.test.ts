import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { newestImmutable, publishedFromReport } from './published.js';

describe('publishedFromReport', () => {
  it('takes the digest and the newest -rN tag of built and up-to-date nodes', () => {
    const report = JSON.stringify({
      nodes: [
        { id: 'a:1', status: 'built', digest: 'sha256:1', tags: ['1', '1-r1', '1-r3', '1-r2'] },
        { id: 'b:1', status: 'up-to-date', digest: 'sha256:2', tags: [] },
        { id: 'c:1', status: 'failed', tags: [] },
      ],
    });
    const published = publishedFromReport(report, 'r.json');
    expect(published.get('a:1')).toEqual({ digest: 'sha256:1', immutableTag: '1-r3', testsPassed: true });
    expect(published.get('b:1')).toEqual({ digest: 'sha256:2', testsPassed: true });
    expect(published.has('c:1')).toBe(false);
  });

  it('rejects a file that is not a build report, naming the file', () => {
    expect(() => publishedFromReport('{', 'r.json')).toThrow(InvalidInputError);
    try {
      publishedFromReport('{"nodes": {}}', 'r.json');
    } catch (error) {
      expect((error as InvalidInputError).diagnostics[0]).toMatchObject({ file: 'r.json', code: 'build-report' });
    }
  });

  it('newestImmutable compares revisions as numbers', () => {
    expect(newestImmutable(['3.13-r9', '3.13-r10', '3.13'])).toBe('3.13-r10');
    expect(newestImmutable(['3.13'])).toBeUndefined();
  });
});
