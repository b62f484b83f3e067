import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { BUILD_REPORT_SCHEMA_VERSION, parseBuildReport, platformsSupply } from './build-report.js';

const valid = {
  schemaVersion: BUILD_REPORT_SCHEMA_VERSION,
  registry: 'r.example/acme',
  pushed: true,
  interrupted: false,
  startedAt: '2026-01-01T00:00:00.000Z',
  durationMs: 12,
  summary: { built: 1, 'up-to-date': 0, failed: 0, skipped: 0 },
  nodes: [{ id: 'a:1', status: 'built', digest: 'sha256:1', tags: ['1-r1', '1'], durationMs: 10 }],
};

function problem(text: string): { file?: string; message: string; code: string } {
  try {
    parseBuildReport(text, 'out/last-build.json');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return (error as InvalidInputError).diagnostics[0] as { file?: string; message: string; code: string };
  }
  throw new Error('expected an error');
}

describe('parseBuildReport', () => {
  it('reads a report of this schema version', () => {
    expect(parseBuildReport(JSON.stringify(valid), 'r.json')).toEqual(valid);
  });

  it('still reads version 1 reports (no commit, no platforms)', () => {
    const old = { ...valid, schemaVersion: 1 };
    expect(parseBuildReport(JSON.stringify(old), 'r.json')).toEqual(old);
  });

  it('reads the commit, publish flag and platform of version 2, and refuses a platform that is none', () => {
    const v2 = {
      ...valid,
      revision: 'abc',
      published: false,
      nodes: [{ ...valid.nodes[0], platform: 'linux/arm/v7' }],
    };
    expect(parseBuildReport(JSON.stringify(v2), 'r.json')).toEqual(v2);
    const bad = { ...v2, nodes: [{ ...valid.nodes[0], platform: 'amd64' }] };
    expect(problem(JSON.stringify(bad)).message).toMatch(
      /^not a valid build report: nodes\.0\.platform: expected os\/architecture/,
    );
  });

  it('names the file and says what is wrong: truncated, older, foreign, damaged', () => {
    const text = JSON.stringify(valid, null, 2);
    expect(problem(text.slice(0, text.length / 2))).toMatchObject({
      file: 'out/last-build.json',
      code: 'build-report',
      message: expect.stringMatching(/^not a complete JSON document \(truncated or damaged\?\)/),
    });
    const { schemaVersion: _, ...older } = valid;
    expect(problem(JSON.stringify(older)).message).toMatch(/has no "schemaVersion": written by an older catalog/);
    expect(problem(JSON.stringify({ ...valid, schemaVersion: 3 })).message).toBe(
      'has schemaVersion 3; this catalog reads versions 1 and 2',
    );
    expect(problem(JSON.stringify({ ...valid, nodes: [{ id: 'a:1', status: 'done', tags: [] }] })).message).toMatch(
      /^not a valid build report: nodes\.0\.status: /,
    );
    expect(problem('[]').message).toBe('not a build report: expected a JSON object');
  });
});

describe('platformsSupply', () => {
  it("is signed only when every platform's image is, and keeps each platform's SBOM size", () => {
    const supply = platformsSupply([
      { platform: 'linux/amd64', supply: { signed: true, signing: 'key', sbomPackages: 90 } },
      { platform: 'linux/arm64', supply: { signed: true, signing: 'key', sbomPackages: 91 } },
    ]);
    expect(supply).toEqual({
      signed: true,
      signing: 'key',
      platforms: [
        { platform: 'linux/amd64', signed: true, sbomPackages: 90 },
        { platform: 'linux/arm64', signed: true, sbomPackages: 91 },
      ],
    });
    const half = platformsSupply([
      { platform: 'linux/amd64', supply: { signed: true } },
      { platform: 'linux/arm64', supply: { signed: false } },
    ]);
    expect(half.signed).toBe(false);
    // A report carrying it reads back, with whether the index is signed.
    const indexed = platformsSupply([{ platform: 'linux/amd64', supply: { signed: true } }], true);
    expect(indexed.indexSigned).toBe(true);
    for (const written of [supply, indexed]) {
      const node = { ...valid.nodes[0], supply: written };
      expect(parseBuildReport(JSON.stringify({ ...valid, nodes: [node] }), 'r.json').nodes[0]?.supply).toEqual(written);
    }
    const bad = { ...valid.nodes[0], supply: { ...indexed, indexSigned: 'yes' } };
    expect(problem(JSON.stringify({ ...valid, nodes: [bad] })).message).toMatch(
      /^not a valid build report: nodes\.0\.supply\.indexSigned: /,
    );
  });
});
