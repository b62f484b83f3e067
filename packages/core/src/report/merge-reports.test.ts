import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import type { BuildReport, NodeReport } from './build-report.js';
import { type MergeExpectation, mergeReports, type ReportFile } from './merge-reports.js';

const expectation: MergeExpectation = {
  revision: 'c0ffee',
  registry: 'r.example/acme',
  expected: ['os:13', 'py:3.13', 'app:1'],
  has: (id) => ['os:13', 'py:3.13', 'app:1'].includes(id),
};

function report(file: string, nodes: NodeReport[], over: Partial<BuildReport> = {}): ReportFile {
  return {
    file,
    report: {
      schemaVersion: 2,
      registry: 'r.example/acme',
      revision: 'c0ffee',
      pushed: true,
      published: false,
      interrupted: false,
      startedAt: '2026-01-01T00:00:00.000Z',
      durationMs: 1,
      summary: { built: 0, 'up-to-date': 0, failed: 0, skipped: 0 },
      nodes,
      ...over,
    },
  };
}

const built = (id: string, digest: string, platform = 'linux/amd64'): NodeReport => ({
  id,
  platform,
  status: 'built',
  digest,
  tags: [],
});

function problems(reports: ReportFile[]) {
  try {
    mergeReports(reports, expectation);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).diagnostics.map((d) => ({
      file: d.file,
      path: d.path?.join('.'),
      message: d.message,
      hint: d.hint,
    }));
  }
  throw new Error('expected an error');
}

describe('mergeReports', () => {
  it("needs each node's catalog platforms; one machine's multi-platform entry gives each platform's image", () => {
    const platformsOf = (id: string) => (id === 'os:13' ? ['linux/amd64', 'linux/arm64'] : ['linux/amd64']);
    const both: NodeReport = {
      ...built('os:13', 'sha256:index'),
      platforms: [
        { platform: 'linux/amd64', digest: 'sha256:oa', inputHash: 'ha' },
        { platform: 'linux/arm64', digest: 'sha256:ob', inputHash: 'hb' },
      ],
    };
    const merged = mergeReports([report('a.json', [both, built('py:3.13', 'sha256:p')])], {
      ...expectation,
      platformsOf,
    });
    expect(merged.complete.get('os:13')?.map((i) => [i.platform, i.digest])).toEqual([
      ['linux/amd64', 'sha256:oa'],
      ['linux/arm64', 'sha256:ob'],
    ]);
    const amd64Only = mergeReports([report('a.json', [built('os:13', 'sha256:oa')])], { ...expectation, platformsOf });
    expect(amd64Only.failed.get('os:13')).toBe('no report has its linux/arm64 image');
  });

  it('merges machines by node and platform, and lists the nodes no report covers', () => {
    const merged = mergeReports(
      [
        report('a.json', [built('os:13', 'sha256:o')]),
        report('b.json', [built('py:3.13', 'sha256:p1'), built('os:13', 'sha256:o')]),
        report('c.json', [built('py:3.13', 'sha256:p2', 'linux/arm64')]),
      ],
      expectation,
    );
    expect([...merged.complete.keys()]).toEqual(['os:13', 'py:3.13']);
    expect(merged.complete.get('py:3.13')?.map((i) => [i.platform, i.digest, i.file])).toEqual([
      ['linux/amd64', 'sha256:p1', 'b.json'],
      ['linux/arm64', 'sha256:p2', 'c.json'],
    ]);
    expect(merged.missing).toEqual(['app:1']);
  });

  it('a platform that failed everywhere fails the node; one that built on another machine does not', () => {
    const failed: NodeReport = { id: 'py:3.13', platform: 'linux/arm64', status: 'failed', reason: 'boom', tags: [] };
    const merged = mergeReports(
      [
        report('a.json', [built('py:3.13', 'sha256:p1'), failed]),
        report('b.json', [{ ...failed, id: 'os:13' }, built('os:13', 'sha256:o', 'linux/arm64')]),
      ],
      expectation,
    );
    expect(merged.failed.get('py:3.13')).toBe('failed on linux/arm64 (a.json): boom');
    expect(merged.complete.has('py:3.13')).toBe(false);
    expect(merged.complete.get('os:13')?.map((i) => i.platform)).toEqual(['linux/arm64']);
  });

  it('refuses another commit, another registry and unpushed images, naming the file, key and fix', () => {
    expect(
      problems([
        report('a.json', [], { revision: 'deadbeef' }),
        report('b.json', [], { registry: 'elsewhere/acme', pushed: false }),
      ]),
    ).toEqual([
      {
        file: 'a.json',
        path: 'revision',
        message: 'was built from commit deadbeef; this catalog is at c0ffee',
        hint: 'check out deadbeef to publish it, or rebuild at c0ffee',
      },
      expect.objectContaining({
        file: 'b.json',
        path: 'registry',
        message: 'was built for elsewhere/acme; publishing to r.example/acme',
      }),
      expect.objectContaining({
        file: 'b.json',
        path: 'pushed',
        message: 'its images were not pushed (built without --push)',
      }),
    ]);
  });

  it('refuses two digests for one node and platform, unknown nodes, and version 1 reports', () => {
    const { revision: _, ...old } = report('old.json', []).report;
    expect(
      problems([
        report('a.json', [built('os:13', 'sha256:1')]),
        report('b.json', [built('os:13', 'sha256:2'), built('gone:1', 'sha256:3')]),
        { file: 'old.json', report: { ...old, schemaVersion: 1 } },
      ]),
    ).toEqual([
      expect.objectContaining({
        file: 'b.json',
        path: 'nodes.0.digest',
        message: 'os:13 (linux/amd64) is sha256:2 here and sha256:1 in a.json',
      }),
      expect.objectContaining({
        file: 'b.json',
        path: 'nodes.1.id',
        message: 'names gone:1, which the catalog has no node for',
      }),
      expect.objectContaining({ file: 'old.json', message: 'has no catalog commit (written by an older catalog)' }),
    ]);
  });

  it('refuses an index of a bake next to per-platform images of one node', () => {
    expect(
      problems([
        report('bake.json', [built('os:13', 'sha256:i', 'linux/amd64,linux/arm64')]),
        report('a.json', [built('os:13', 'sha256:o')]),
      ]),
    ).toEqual([
      expect.objectContaining({
        file: 'a.json',
        path: 'nodes.0.platform',
        message: 'os:13 is an index of linux/amd64,linux/arm64 in one report and per-platform images in another',
      }),
    ]);
  });

  it('with the platforms every node needs, a node missing one is not complete', () => {
    const merged = mergeReports(
      [
        report('a.json', [
          built('os:13', 'sha256:o'),
          built('os:13', 'sha256:b', 'linux/arm64'),
          built('py:3.13', 'sha256:p'),
        ]),
      ],
      {
        ...expectation,
        platforms: ['linux/amd64', 'linux/arm64'],
      },
    );
    expect([...merged.complete.keys()]).toEqual(['os:13']);
    expect(merged.failed.get('py:3.13')).toBe('no report has its linux/arm64 image');
  });
});
