import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';
import { LINT_RULES } from './rules.js';
import { SARIF_SCHEMA, toSarif } from './sarif.js';

const golden = new URL('../../test/golden/lint.sarif.json', import.meta.url);

const BAD = [
  'FROM python:3.13 AS build',
  'RUN pip install flask',
  'FROM debian:13',
  'RUN curl -fsSL https://example.com/x.tgz | tar -xz',
  'ENV PIP_INDEX_URL=https://user:pass@pypi.example/simple',
  '',
].join('\n');

const sarif = () =>
  toSarif(lintDockerfile(BAD, 'apps/api/Dockerfile', { severities: { 'pip-unpinned': 'error' } }), LINT_RULES, {
    version: '0.1.0',
    severities: new Map([['pip-unpinned', 'error']]),
  });

describe('toSarif', () => {
  it('has the fields SARIF 2.1.0 and code scanning require', () => {
    const log = sarif();
    expect(log.$schema).toBe(SARIF_SCHEMA);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    const [run] = log.runs;
    expect(run?.tool.driver).toMatchObject({ name: 'catalog-lint', version: '0.1.0' });
    const rules = run?.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(LINT_RULES.map((r) => r.id));
    for (const rule of rules) {
      expect(rule.shortDescription.text).not.toBe('');
      expect(rule.help.text).toContain(rule.shortDescription.text);
      expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
    }
    expect(rules.find((r) => r.id === 'pip-unpinned')?.defaultConfiguration.level).toBe('error');
    expect(run?.results.length).toBeGreaterThan(3);
    for (const result of run?.results ?? []) {
      expect(rules[result.ruleIndex]?.id).toBe(result.ruleId);
      expect(['error', 'warning']).toContain(result.level);
      expect(result.message.text).not.toBe('');
      const location = result.locations[0]?.physicalLocation;
      expect(location?.artifactLocation.uri).toBe('apps/api/Dockerfile');
      expect(location?.region.startLine).toBeGreaterThanOrEqual(1);
      expect(location?.region.startColumn).toBeGreaterThanOrEqual(1);
    }
  });

  it('matches the golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
    const text = `${JSON.stringify(sarif(), null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, 'utf8'));
  });
});
