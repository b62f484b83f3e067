import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';
import { findLintRule, unknownLintRule } from './rule-ids.js';
import { LINT_RULES } from './rules.js';
import { toSarif } from './sarif.js';

const PIP = ['FROM python:3.13.5', 'RUN pip install flask', 'USER 10001', ''].join('\n');
const rules = (text: string, options = {}) =>
  lintDockerfile(text, 'Dockerfile', options).map((f) => `${f.rule} ${f.severity}`);

describe("hadolint's rule codes are aliases of the rules that correspond", () => {
  it('finds a rule by its hadolint code, in any case', () => {
    expect(findLintRule('DL3042')?.id).toBe('pip-no-cache-dir');
    expect(findLintRule('dl3042')?.id).toBe('pip-no-cache-dir');
    expect(findLintRule('DL4006')?.id).toBe('pipefail');
    expect(findLintRule('DL3013')?.id).toBe('pip-unpinned');
    expect(findLintRule('DL3006')?.id).toBe('from-latest');
    expect(findLintRule('DL3007')?.id).toBe('from-latest');
    expect(findLintRule('DL3008')).toBeUndefined();
  });

  it('gives each code to one rule only, written as hadolint writes it', () => {
    const codes = LINT_RULES.flatMap((rule) => ('hadolint' in rule ? [...rule.hadolint] : []));
    expect(codes.length).toBeGreaterThan(15);
    for (const code of codes) expect(code).toMatch(/^DL[34]\d{3}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('accepts the codes in disabled rules, severities and suppression comments', () => {
    expect(rules(PIP)).toEqual(['pip-no-cache-dir warning', 'pip-unpinned warning']);
    expect(rules(PIP, { disabledRules: ['DL3042'] })).toEqual(['pip-unpinned warning']);
    expect(rules(PIP, { severities: { DL3013: 'error', DL3042: 'off' } })).toEqual(['pip-unpinned error']);
    const suppressed = PIP.replace(
      'RUN pip',
      '# catalog-lint ignore=DL3042,DL3013 wheels are cached elsewhere\nRUN pip',
    );
    expect(rules(suppressed)).toEqual([]);
  });

  it('explains an unknown id: a hadolint code without counterpart, or a typo, and where the rules are listed', () => {
    expect(unknownLintRule('DL3008')).toEqual({
      message: 'unknown lint rule "DL3008": hadolint\'s DL3008 has no counterpart among catalog\'s lint rules',
      hint: '`catalog lint --list-rules` lists the rules and the hadolint codes they answer to, as does docs/lint-rules.md',
    });
    expect(unknownLintRule('apt-clean').message).toBe('unknown lint rule "apt-clean"; did you mean "apt-cleanup"?');
    const suppressed = PIP.replace('RUN pip', '# catalog-lint ignore=DL3008 pinned elsewhere\nRUN pip');
    expect(lintDockerfile(suppressed, 'Dockerfile').find((f) => f.rule === 'suppression-invalid')?.message).toContain(
      "hadolint's DL3008 has no counterpart",
    );
  });

  it('puts the codes in the SARIF rule metadata', () => {
    const log = toSarif([], LINT_RULES, { version: '0.1.0' });
    const rule = log.runs[0]?.tool.driver.rules.find((r) => r.id === 'pip-no-cache-dir');
    expect(rule?.properties).toEqual({ hadolint: ['DL3042'] });
    expect(rule?.help.markdown).toContain('hadolint: DL3042');
    expect(log.runs[0]?.tool.driver.rules.find((r) => r.id === 'from-digest')?.properties).toBeUndefined();
  });

  it('shows the codes in docs/lint-rules.md', () => {
    const docs = readFileSync(new URL('../../../../docs/lint-rules.md', import.meta.url), 'utf8');
    for (const rule of LINT_RULES) {
      const codes = 'hadolint' in rule ? rule.hadolint.join(', ') : '';
      const row = docs.split('\n').find((line) => line.startsWith(`| [\`${rule.id}\`]`));
      expect({ id: rule.id, cell: row?.split('|')[3]?.trim() }).toEqual({ id: rule.id, cell: codes });
    }
  });
});
