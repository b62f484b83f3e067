import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run } from '../../test/test-io.js';

/**
 * The generated pipelines pass the validators the issue names, both from npm (devDependencies):
 * `@ibm/tekton-lint` for the Tekton Tasks and Pipeline, `@action-validator/cli` for the GitHub
 * Actions workflow (the workflow schema).
 */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = join(REPO, 'node_modules/.bin');

function validate(tool: string, text: string, file: string) {
  const dir = tempDir('catalog-pipelines-');
  writeFileSync(join(dir, file), text);
  return spawnSync(join(BIN, tool), [file], { cwd: dir, encoding: 'utf8' });
}

describe('plan --format tekton and github pass their validators', () => {
  it('tekton: tekton-lint finds no problem (and does find a broken runAfter)', async () => {
    const result = await run(['plan', '--format', 'tekton', '--platform', 'linux/amd64', 'linux/arm64'], REPO);
    expect(result.code, result.stderr).toBe(0);
    // tekton-lint's exit status is not reliable when it runs under vitest: its report is what counts.
    const lint = validate('tekton-lint', result.stdout, 'pipeline.yaml');
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    expect(lint.stdout + lint.stderr).not.toMatch(/problems?|error|warning/);
    const broken = result.stdout.replace(/runAfter:\n(\s+)- /, 'runAfter:\n$1- no-such-task\n$1- ');
    const refused = validate('tekton-lint', broken, 'pipeline.yaml');
    expect(refused.stdout).toContain("depends on 'no-such-task'");
  }, 60_000);

  it('github: action-validator accepts the workflow (and refuses a broken one)', async () => {
    const result = await run(['plan', '--format', 'github', '--platform', 'linux/amd64', 'linux/arm64'], REPO);
    expect(result.code, result.stderr).toBe(0);
    const check = validate('action-validator', result.stdout, 'workflow.yml');
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const refused = validate('action-validator', result.stdout.replaceAll('runs-on:', 'runz-on:'), 'workflow.yml');
    expect(refused.status).not.toBe(0);
  }, 60_000);

  it('an empty plan still gives a valid workflow: just a publish job that says so', async () => {
    const result = await run(['plan', '--format', 'github', '--files', 'README.md'], REPO);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('the plan is empty: nothing to build or publish');
    expect(result.stdout).not.toContain('level-0');
    const check = validate('action-validator', result.stdout, 'workflow.yml');
    expect(check.status, check.stdout + check.stderr).toBe(0);
  }, 60_000);

  it('refuses a platform no GitHub runner builds natively, or no platform at all (exit 2)', async () => {
    const s390x = await run(['plan', '--format', 'github', '--platform', 'linux/s390x'], REPO);
    expect(s390x.code).toBe(2);
    expect(s390x.stderr).toContain('--platform linux/s390x: no GitHub-hosted runner builds linux/s390x natively');
    const bad = await run(['plan', '--format', 'tekton', '--platform', 'amd64'], REPO);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--platform amd64 is not a platform');
  });
});
