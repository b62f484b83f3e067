import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDockerfileName } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../../test/test-io.js';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

const BAD = [
  'FROM ubuntu:latest',
  'RUN apt-get update && apt-get install -y --no-install-recommends curl',
  'ENV DB_PASSWORD=secret',
  'RUN apt-get install -y --no-install-recommends openssh-server && rm -rf /var/lib/apt/lists/*',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

const GOOD = [
  'FROM python:3.13.5',
  'WORKDIR /app',
  'COPY --chown=10001:0 app.py ./',
  'USER 10001',
  'HEALTHCHECK CMD ["python", "-c", "print(1)"]',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

interface Finding {
  rule: string;
  line: number;
  file: string;
}

describe('catalog lint', () => {
  it("passes on the example catalog's rendered Dockerfiles", async () => {
    const result = await run(['lint', '--catalog', join(repo, 'catalog.yaml')], repo);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ findings? \(0 errors\)$/);
  }, 60_000);

  it('reports each bad practice as its own finding with rule id and line, and exits 1', async () => {
    const dir = workspace({ Dockerfile: BAD });
    const result = await run(['lint', '--json', 'Dockerfile'], dir);
    expect(result.code).toBe(1);
    const { ok, findings } = JSON.parse(result.stdout) as { ok: boolean; findings: Finding[] };
    expect(ok).toBe(false);
    const seen = findings.map((finding) => `${finding.rule}@${finding.line}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'from-latest@1',
        'apt-cleanup@2',
        'hardcoded-secret@3',
        'ssh-server@4',
        'user-missing@1',
      ]),
    );
  });

  it('prints SARIF 2.1.0 with --format sarif, results at file, line and column', async () => {
    const dir = workspace({ Dockerfile: BAD });
    const result = await run(['lint', '--format', 'sarif', 'Dockerfile'], dir);
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string; rules: { id: string }[] } };
        results: { ruleId: string; level: string; locations: { physicalLocation: unknown }[] }[];
      }[];
    };
    expect(log.version).toBe('2.1.0');
    const [sarifRun] = log.runs;
    expect(sarifRun?.tool.driver.name).toBe('catalog-lint');
    expect(sarifRun?.tool.driver.rules.map((r) => r.id)).toContain('apt-cleanup');
    expect(sarifRun?.results).toContainEqual(
      expect.objectContaining({
        ruleId: 'from-latest',
        level: 'error',
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' },
              region: { startLine: 1, startColumn: 6 },
            },
          },
        ],
      }),
    );
  });

  it('skips the rules --ignore names, and rejects an unknown one with exit 2 and a did-you-mean', async () => {
    const dir = workspace({ Dockerfile: BAD });
    const result = await run(
      ['lint', '--json', '--ignore', 'apt-cleanup', '--ignore', 'ssh-server,from-latest', '.'],
      dir,
    );
    const rules = (JSON.parse(result.stdout) as { findings: Finding[] }).findings.map((f) => f.rule);
    expect(rules).toContain('hardcoded-secret');
    expect(rules).not.toContain('apt-cleanup');
    expect(rules).not.toContain('ssh-server');
    expect(rules).not.toContain('from-latest');
    const typo = await run(['lint', '--ignore', 'apt-clean', '.'], dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown lint rule "apt-clean"; did you mean "apt-cleanup"?');
  });

  it("accepts hadolint's codes where a rule corresponds: --ignore, inline comments, the catalog's lint.rules", async () => {
    const pip = 'FROM python:3.13.5\nRUN pip install flask | tee /tmp/log\nUSER 10001\n';
    const dir = workspace({
      Dockerfile: pip,
      'Dockerfile.inline': pip.replace('RUN', '# catalog-lint ignore=DL3042,DL3013,DL4006 a throwaway image\nRUN'),
      'catalog.yaml': [
        'registry: r.example/acme',
        'lint: { rules: { DL3042: error, DL3013: off, DL4006: off, DL3049: off } }',
        'images:',
        '  base: { kind: os, versions: { "1": {} }, template: Dockerfile, context: ctx/ }',
        '',
      ].join('\n'),
    });
    mkdirSync(join(dir, 'ctx'));
    const rulesOf = (stdout: string) =>
      (JSON.parse(stdout) as { findings: (Finding & { severity: string })[] }).findings.map(
        (f) => `${f.rule} ${f.severity}`,
      );
    const all = await run(['lint', '--json', 'Dockerfile'], dir);
    expect(rulesOf(all.stdout)).toEqual(['pip-no-cache-dir warning', 'pip-unpinned warning', 'pipefail warning']);
    const ignored = await run(['lint', '--json', '--ignore', 'DL3042,dl4006', 'Dockerfile'], dir);
    expect(rulesOf(ignored.stdout)).toEqual(['pip-unpinned warning']);
    const inline = await run(['lint', '--json', 'Dockerfile.inline'], dir);
    expect(rulesOf(inline.stdout)).toEqual([]);
    const catalog = await run(['lint', '--json'], dir, { CATALOG_PARSE_CACHE: 'off' });
    expect(catalog.stderr).toBe('');
    expect(rulesOf(catalog.stdout)).toEqual(['pip-no-cache-dir error']);
  });

  it('rejects a hadolint code without counterpart, saying so and how to list the rules', async () => {
    const dir = workspace({ Dockerfile: GOOD });
    const result = await run(['lint', '--ignore', 'DL3008', '.'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`--ignore: unknown lint rule "DL3008": hadolint's DL3008 has no counterpart`);
    expect(result.stderr).toContain('catalog lint --list-rules');
  });

  it('--list-rules prints every rule with its severity and hadolint codes', async () => {
    const dir = workspace({});
    const text = await run(['lint', '--list-rules'], dir);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^pip-no-cache-dir +warning +DL3042 +`pip install` without `--no-cache-dir`\.$/m);
    expect(text.stdout).toMatch(/^from-latest +error +DL3006, DL3007 +FROM an image/m);
    const json = await run(['lint', '--list-rules', '--json'], dir);
    const rules = JSON.parse(json.stdout) as { id: string; severity: string; hadolint: string[] }[];
    expect(rules.find((r) => r.id === 'pipefail')).toMatchObject({ severity: 'warning', hadolint: ['DL4006'] });
    expect(rules.find((r) => r.id === 'from-digest')).toMatchObject({ hadolint: [] });
  });

  it("takes each rule's severity from the catalog's lint.rules, off skipping the rule", async () => {
    const dir = workspace({
      'catalog.yaml': [
        'registry: r.example/acme',
        'lint: { rules: { missing-label: off, pip-no-cache-dir: error } }',
        'images:',
        '  base: { kind: os, versions: { "1": {} }, template: base.hbs, context: ctx/ }',
        '',
      ].join('\n'),
      'base.hbs': 'FROM debian:13\nRUN pip install flask==3.1.1\nUSER 10001\n',
    });
    mkdirSync(join(dir, 'ctx'));
    const result = await run(['lint', '--json'], dir, { CATALOG_PARSE_CACHE: 'off' });
    expect(result.stderr).toBe('');
    const { findings } = JSON.parse(result.stdout) as { findings: (Finding & { severity: string })[] };
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual(['pip-no-cache-dir error']);
    expect(result.code).toBe(1);
  });

  it('searches folders for Dockerfiles, and lints a clean one clean', async () => {
    const dir = workspace({});
    mkdirSync(join(dir, 'apps', 'api'), { recursive: true });
    mkdirSync(join(dir, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir, 'apps', 'api', 'Dockerfile'), GOOD);
    writeFileSync(join(dir, 'apps', 'worker.Dockerfile'), GOOD);
    writeFileSync(join(dir, 'node_modules', 'x', 'Dockerfile'), BAD);
    const result = await run(['lint', '--json', 'apps'], dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, errors: 0 });
    // node_modules is not searched: its bad Dockerfile does not count.
    const whole = await run(['lint', '.'], dir);
    expect(whole.code).toBe(0);
  });

  it('exits 1 with a clear message for a missing path or a folder without Dockerfiles', async () => {
    const dir = workspace({ 'README.md': '# nothing to lint\n' });
    const missing = await run(['lint', 'nope/Dockerfile'], dir);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('nope/Dockerfile: no such file or folder');
    const empty = await run(['lint', '.'], dir);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('no Dockerfile in this folder');
    expect(empty.stderr).not.toMatch(/\n\s+at /);
  });

  it('knows the usual Dockerfile names', () => {
    for (const name of ['Dockerfile', 'dockerfile', 'Dockerfile.prod', 'api.Dockerfile', 'Containerfile']) {
      expect(isDockerfileName(name)).toBe(true);
    }
    for (const name of ['Dockerfile.hbs', 'README.md', 'docker-compose.yml', 'Dockerfile~']) {
      expect(isDockerfileName(name)).toBe(false);
    }
  });
});
