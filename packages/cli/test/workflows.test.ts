import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const dir = fileURLToPath(new URL('../../../.github/workflows/', import.meta.url));

interface Workflow {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean };
  jobs: Record<
    string,
    {
      needs?: string;
      if?: string;
      permissions?: Record<string, string>;
      steps: { id?: string; if?: string; uses?: string; run?: string }[];
    }
  >;
}

const workflows = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .map((f) => [f, parse(readFileSync(join(dir, f), 'utf8')) as Workflow]),
);
const steps = (name: string) => Object.values(workflows[name]?.jobs ?? {}).flatMap((job) => job.steps);
const commands = (name: string) => steps(name).flatMap((step) => (step.run ? [step.run] : []));

describe('CI workflows', () => {
  it('publishing jobs sign keyless with their OIDC token, cosign installed before the build', () => {
    for (const [name, job] of [
      ['main.yml', workflows['main.yml']?.jobs.publish],
      ['scheduled.yml', workflows['scheduled.yml']?.jobs.upstream],
    ] as const) {
      expect(job?.permissions, name).toEqual({ contents: 'read', 'id-token': 'write' });
      const all = job?.steps ?? [];
      const cosign = all.findIndex((step) => step.uses?.startsWith('sigstore/cosign-installer@'));
      const build = all.findIndex((step) => step.run?.includes('catalog build'));
      expect(cosign, name).toBeGreaterThanOrEqual(0);
      expect(cosign, name).toBeLessThan(build);
      const step = all[build] as { env?: Record<string, string>; run?: string };
      expect(step.env?.CATALOG_SIGNING, name).toBe('keyless');
      expect(step.run, name).toMatch(
        /--preserve-env=[^ ]*CATALOG_SIGNING,ACTIONS_ID_TOKEN_REQUEST_URL,ACTIONS_ID_TOKEN_REQUEST_TOKEN/,
      );
    }
  });

  it('parse, read the repository only, and pin every action by commit SHA', () => {
    expect(Object.keys(workflows).sort()).toEqual(['main.yml', 'pull-request.yml', 'scheduled.yml']);
    for (const [name, workflow] of Object.entries(workflows)) {
      expect(workflow.permissions, name).toEqual({ contents: 'read' });
      for (const step of steps(name)) if (step.uses) expect(step.uses, name).toMatch(/^[\w./-]+@[0-9a-f]{40}$/);
      expect(workflow.concurrency.group, name).toBeTruthy();
    }
  });

  it('pull requests: tests, validate, lint, and an affected build that does not push', () => {
    const run = commands('pull-request.yml').join('\n');
    expect(Object.keys(workflows['pull-request.yml']?.on ?? {})).toEqual(['pull_request']);
    expect(run).toContain('nx run-many -t typecheck lint test');
    expect(run).toContain('catalog validate');
    expect(run).toContain('catalog lint');
    expect(run).toMatch(/catalog build --affected --base/);
    expect(run).not.toContain('--push');
  });

  it('main: an affected build that pushes, in one publish group that is never cancelled', () => {
    const main = workflows['main.yml'];
    expect(main?.on).toEqual({ push: { branches: ['main'] } });
    expect(main?.concurrency).toEqual({ group: 'publish', 'cancel-in-progress': false });
    expect(commands('main.yml').join('\n')).toMatch(
      /catalog build --affected --base "\$\{\{ github\.event\.before \}\}" --push/,
    );
  });

  it('scheduled: nightly and manual upstream check, a rebuild only when it exits 3, in the publish group', () => {
    const scheduled = workflows['scheduled.yml'];
    expect(Object.keys(scheduled?.on ?? {}).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const schedule = scheduled?.on.schedule as { cron: string }[] | undefined;
    expect(schedule?.[0]?.cron).toMatch(/^(\S+ ){4}\S+$/);
    expect(scheduled?.concurrency).toEqual(workflows['main.yml']?.concurrency);
    const all = steps('scheduled.yml');
    const check = all.find((step) => step.run?.includes('catalog upstream check --json'));
    expect(check?.id).toBe('check');
    expect(check?.run).toMatch(/3\) echo "rebuild=true" >> "\$GITHUB_OUTPUT"/);
    expect(check?.run).toMatch(/\*\) .*exit "\$code"/);
    const build = all.find((step) => step.run?.includes('catalog build'));
    expect(build?.run).toContain('npx catalog build --upstream-changed --push');
    expect(build?.if).toBe("steps.check.outputs.rebuild == 'true'");
    expect(all.indexOf(check as object)).toBeLessThan(all.indexOf(build as object));
  });

  it('scheduled: only the job that proposes the rewritten lock may write, after a rebuild', () => {
    const jobs = workflows['scheduled.yml']?.jobs ?? {};
    const writers = Object.entries(jobs).filter(([, job]) => job.permissions?.contents === 'write');
    expect(writers.map(([name]) => name)).toEqual(['lock-pull-request', 'versions-pull-request']);
    const [, lockJob] = writers[0] ?? [];
    expect(lockJob?.needs).toBe('upstream');
    expect(lockJob?.if).toBe("needs.upstream.outputs.rebuild == 'true'");
    expect(lockJob?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const propose = lockJob?.steps.map((step) => step.run ?? '').join('\n');
    expect(propose).toContain('git add catalog.lock.yaml');
    expect(propose).toContain('gh pr create');
    // The publishing job never holds write access to the repository: only its OIDC token, to sign.
    expect(jobs.upstream?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
  });

  it('scheduled: new upstream releases become one pull request per image', () => {
    const jobs = workflows['scheduled.yml']?.jobs ?? {};
    expect(jobs.versions?.permissions).toBeUndefined();
    const list = jobs.versions?.steps.map((step) => step.run ?? '').join('\n');
    expect(list).toContain('npx catalog upstream versions --json');
    const propose = jobs['versions-pull-request'];
    expect(propose?.needs).toBe('versions');
    expect(propose?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const script = propose?.steps.map((step) => step.run ?? '').join('\n');
    expect(script).toContain('npx catalog upstream versions "$IMAGE" --write');
    expect(script).toContain('branch="catalog/versions-$IMAGE"');
    expect(script).toContain('gh pr create');
  });
});
