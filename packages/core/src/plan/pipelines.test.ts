import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { EXAMPLE, load } from '../../test/helpers.js';
import { jobName, platformJobs } from './distributed.js';
import { githubLevelJobs, MAX_MATRIX_ENTRIES, planAsGithubMatrix, planAsGithubWorkflow } from './github.js';
import { createPlan, type Plan, type PlanEntry } from './plan.js';
import { planAsTekton } from './tekton.js';

const { catalog, graph } = load(EXAMPLE);
const both = ['linux/amd64', 'linux/arm64'];
// The example catalog, every node built for both platforms (as `platforms:` at its top would say).
const amd64Plan = createPlan(catalog, graph);
const plan: Plan = { ...amd64Plan, images: amd64Plan.images.map((entry) => ({ ...entry, platforms: both })) };

/** A synthetic plan: `roots` roots, each with `children` children (level 1). */
function widePlan(roots: number, children: number): Plan {
  const entry = (id: string, level: number, parent: string | null): PlanEntry => ({
    id,
    image: id.split(':')[0] as string,
    version: id.split(':')[1] as string,
    variant: null,
    kind: 'runtime',
    parent,
    parentType: parent ? 'node' : null,
    parentInPlan: parent !== null,
    level,
    repository: `r.example/${id.split(':')[0]}`,
    platforms: ['linux/amd64', 'linux/arm64'],
  });
  const images: PlanEntry[] = [];
  for (let r = 0; r < roots; r++) images.push(entry(`root${r}:1`, 0, null));
  for (let r = 0; r < roots; r++)
    for (let c = 0; c < children; c++) images.push(entry(`child${r}x${c}:1`, 1, `root${r}:1`));
  return { registry: 'r.example', images };
}

describe('jobs per node and platform', () => {
  it('names jobs as DNS labels, cutting long ones with a hash, and links each to its parent on its platform', () => {
    expect(jobName('python:3.13.5', 'linux/amd64')).toBe('build-python-3-13-5-amd64');
    const long = jobName(`flask:${'9'.repeat(80)}`, 'linux/arm64');
    expect(long).toMatch(/^build-flask-9+-[0-9a-f]{8}$/);
    expect(long.length).toBeLessThanOrEqual(63);
    expect(jobName(`flask:${'9'.repeat(80)}1`, 'linux/arm64')).not.toBe(long);
    const jobs = platformJobs(plan, both);
    expect(jobs).toHaveLength(plan.images.length * 2);
    const hello = jobs.find((j) => j.entry.id === 'hello:1.0.0' && j.platform === 'linux/arm64');
    expect(hello?.parent).toBe('build-flask-3-1-1-python3-13-arm64');
  });
});

describe('GitHub Actions', () => {
  it('one matrix job per level, needing the level before; never empty, never above 256 entries', () => {
    const jobs = githubLevelJobs(widePlan(2, 200), both);
    expect(jobs.map((j) => [j.id, j.include.length, j.needs.join(',')])).toEqual([
      ['level-0', 4, ''],
      ['level-1-part-1', MAX_MATRIX_ENTRIES, 'level-0'],
      ['level-1-part-2', MAX_MATRIX_ENTRIES, 'level-0'],
      ['level-1-part-3', MAX_MATRIX_ENTRIES, 'level-0'],
      ['level-1-part-4', 800 - 3 * MAX_MATRIX_ENTRIES, 'level-0'],
    ]);
    expect(githubLevelJobs({ registry: 'r', images: [] })).toEqual([]);
  });

  it('arm64 runs on native arm64 runners; another platform is refused', () => {
    const entries = githubLevelJobs(plan, both).flatMap((j) => j.include);
    expect(new Set(entries.map((e) => `${e.platform} ${e.runner}`))).toEqual(
      new Set(['linux/amd64 ubuntu-24.04', 'linux/arm64 ubuntu-24.04-arm']),
    );
    expect(() => githubLevelJobs(plan, ['linux/s390x'])).toThrow('no GitHub-hosted runner builds linux/s390x natively');
  });

  it('github-matrix: static needs per job, no per-entry needs', () => {
    const { jobs } = planAsGithubMatrix(plan);
    expect(jobs[0]).toMatchObject({ id: 'level-0', needs: [] });
    for (const job of jobs) for (const entry of job.matrix.include) expect(entry).not.toHaveProperty('needs');
  });

  it('the workflow builds per level with --no-publish and publishes once at the end', () => {
    const workflow = parseYaml(planAsGithubWorkflow(plan, both)) as {
      jobs: Record<string, { needs?: string[]; if?: string; steps: { run?: string }[] }>;
    };
    const ids = Object.keys(workflow.jobs);
    expect(ids).toEqual(['level-0', 'level-1', 'level-2', 'level-3', 'level-4', 'publish']);
    expect(workflow.jobs.publish?.needs).toEqual(ids.slice(0, -1));
    expect(workflow.jobs.publish?.if).toBe('${{ !cancelled() }}');
    const runs = (id: string) => workflow.jobs[id]?.steps.flatMap((s) => (s.run ? [s.run] : [])).join('\n') ?? '';
    expect(runs('level-1')).toContain('--push --no-publish');
    expect(runs('level-1')).toContain('--parents-from reports');
    expect(runs('publish')).toContain('npx catalog publish reports');
    expect(planAsGithubWorkflow(plan)).not.toMatch(/[*&]a\d/);
  });

  it('the build jobs and publish, which push, sign keyless with their OIDC token', () => {
    const workflow = parseYaml(planAsGithubWorkflow(plan, both)) as {
      jobs: Record<
        string,
        { permissions?: Record<string, string>; steps: { uses?: string; run?: string; env?: Record<string, string> }[] }
      >;
    };
    const level = workflow.jobs['level-1'];
    expect(level?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const cosign = level?.steps.findIndex((s) => s.uses?.startsWith('sigstore/cosign-installer@')) ?? -1;
    const build = level?.steps.findIndex((s) => s.run?.includes('catalog build')) ?? -1;
    expect(cosign).toBeGreaterThanOrEqual(0);
    expect(cosign).toBeLessThan(build);
    const step = level?.steps[build];
    expect(step?.env?.CATALOG_SIGNING).toBe('keyless');
    expect(step?.run).toMatch(
      /--preserve-env=[^ ]*CATALOG_SIGNING,ACTIONS_ID_TOKEN_REQUEST_URL,ACTIONS_ID_TOKEN_REQUEST_TOKEN/,
    );
    // publish pushes each node's platform index (what its tags name) and signs it keyless too.
    const publish = workflow.jobs.publish;
    expect(publish?.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    const installer = publish?.steps.findIndex((s) => s.uses?.startsWith('sigstore/cosign-installer@')) ?? -1;
    const tagging = publish?.steps.findIndex((s) => s.run?.includes('catalog publish')) ?? -1;
    expect(installer).toBeGreaterThanOrEqual(0);
    expect(installer).toBeLessThan(tagging);
    expect(publish?.steps[tagging]?.env?.CATALOG_SIGNING).toBe('keyless');
    expect(publish?.steps.some((s) => s.run?.includes('install-deps'))).toBe(false);
  });
});

describe('Tekton', () => {
  const docs = parseAllDocuments(planAsTekton(plan, both)).map((d) => d.toJS()) as {
    kind: string;
    metadata: { name: string };
    spec: Record<string, unknown>;
  }[];
  const pipeline = docs.find((d) => d.kind === 'Pipeline')?.spec as {
    tasks: { name: string; runAfter?: string[]; params: { name: string; value: string }[] }[];
    finally: { name: string; taskRef: { name: string } }[];
  };

  it('a build Task, a publish Task and a Pipeline', () => {
    expect(docs.map((d) => `${d.kind} ${d.metadata.name}`)).toEqual([
      'Task catalog-build',
      'Task catalog-publish',
      'Pipeline catalog',
    ]);
  });

  it("one task per node and platform, after its parent's task on the same platform; publish in finally", () => {
    expect(pipeline.tasks).toHaveLength(plan.images.length * 2);
    const hello = pipeline.tasks.find((t) => t.name === 'build-hello-1-0-0-arm64');
    expect(hello?.runAfter).toEqual(['build-flask-3-1-1-python3-13-arm64']);
    expect(hello?.params).toContainEqual({ name: 'parent-report', value: 'build-flask-3-1-1-python3-13-arm64.json' });
    expect(pipeline.tasks.find((t) => t.name === 'build-debian-13-amd64')?.runAfter).toBeUndefined();
    expect(pipeline.finally).toEqual([
      expect.objectContaining({ name: 'publish', taskRef: { name: 'catalog-publish' } }),
    ]);
  });

  it('steps run the tool image with buildah unprivileged and credentials from a Secret', () => {
    const task = docs[0]?.spec as {
      volumes: { name: string; secret?: { secretName: string } }[];
      steps: {
        image: string;
        env: { name: string; value: string }[];
        securityContext: Record<string, unknown>;
        script: string;
      }[];
    };
    const step = task.steps[0];
    expect(step?.image).toBe('$(params.catalog-image)');
    expect(step?.securityContext).toMatchObject({ privileged: false });
    expect(step?.env).toContainEqual({ name: 'CATALOG_BUILDAH_ISOLATION', value: 'chroot' });
    expect(step?.env).toContainEqual({ name: 'CATALOG_BUILDAH_STORAGE_DRIVER', value: 'vfs' });
    expect(task.volumes[0]?.secret?.secretName).toBe('$(params.registry-secret)');
    expect(step?.script).toContain('--push --no-publish');
  });

  it('every task signs with the one key of the signing Secret: the builds their images, publish its indexes', () => {
    for (const doc of docs.filter((d) => d.kind === 'Task')) {
      const task = doc.spec as {
        params: { name: string; default?: string }[];
        volumes: { name: string; secret?: { secretName: string; optional?: boolean } }[];
        steps: { env: { name: string; value: string }[]; volumeMounts: { name: string }[]; script: string }[];
      };
      expect(task.params).toContainEqual(
        expect.objectContaining({ name: 'signing-secret', default: 'catalog-signing' }),
      );
      expect(task.volumes).toContainEqual({
        name: 'signing-key',
        secret: { secretName: '$(params.signing-secret)', optional: true },
      });
      const step = task.steps[0];
      expect(step?.env).toContainEqual({ name: 'CATALOG_COSIGN_KEY', value: '/catalog/signing/cosign.key' });
      expect(step?.volumeMounts).toContainEqual(expect.objectContaining({ name: 'signing-key' }));
      expect(step?.script).toContain('read -r CATALOG_COSIGN_PASSWORD < /catalog/signing/cosign.password');
    }
    const tasks = (pipeline as unknown as { tasks: { params: { name: string; value: string }[] }[] }).tasks;
    expect(tasks[0]?.params).toContainEqual({ name: 'signing-secret', value: '$(params.signing-secret)' });
  });
});
