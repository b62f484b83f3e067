import { describe, expect, it } from 'vitest';
import { EXAMPLE, load } from '../../test/helpers.js';
import { baseImageOf } from '../render/labels.js';
import { createPlan, type PlanEntry } from './plan.js';
import { bakeTargetName, planAsBake, planAsGithubMatrix } from './plan-formats.js';

const { catalog, graph } = load(EXAMPLE);
const plan = createPlan(catalog, graph);
const inputs = {
  contextOf: (entry: PlanEntry) => `out/render/${entry.id.replace(':', '/')}`,
  tagsOf: (entry: PlanEntry) => [`${entry.repository}:${entry.version}`],
  baseImageOf: (entry: PlanEntry) => baseImageOf(catalog, graph, graph.node(entry.id)),
  // As the repository's catalog declares for Python (`artifact: { stage: artifact }`).
  artifactStageOf: (entry: PlanEntry) => (entry.image === 'python' ? 'artifact' : undefined),
};

describe('plan as a docker buildx bake file', () => {
  const bake = planAsBake(plan, inputs) as {
    group: { default: { targets: string[] } };
    target: Record<
      string,
      {
        context: string;
        dockerfile: string;
        tags: string[];
        args?: Record<string, string>;
        contexts?: Record<string, string>;
      }
    >;
  };

  it('is JSON in bake form: a default group of valid target names, each with context, dockerfile and tags', () => {
    const names = bake.group.default.targets;
    expect(names).toHaveLength(graph.size);
    for (const [name, target] of Object.entries(bake.target)) {
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(typeof target.context).toBe('string');
      expect(target.dockerfile).toBe('Dockerfile');
      if (names.includes(name)) expect(target.tags.length).toBeGreaterThan(0);
    }
    expect(JSON.parse(JSON.stringify(bake))).toEqual(bake);
  });

  it('lets a child reach its parent through a target: context named like its FROM', () => {
    expect(bake.target['hello-1_0_0']).toMatchObject({
      args: { BASE_IMAGE: 'localhost:5000/acme/flask:3.1.1-python3.13' },
      contexts: { 'localhost:5000/acme/flask:3.1.1-python3.13': 'target:flask-3_1_1-python3_13' },
    });
    for (const target of Object.values(bake.target)) {
      for (const value of Object.values(target.contexts ?? {}))
        expect(bake.target[value.replace('target:', '')]).toBeDefined();
    }
    expect(bake.target['debian-13']?.contexts).toBeUndefined();
  });

  it('builds a compiled artifact stage as a target of its own, reached through ARTIFACT_IMAGE', () => {
    expect(bake.target['python-3_13_5-artifact']).toMatchObject({
      target: 'artifact',
      context: 'out/render/python/3.13.5',
    });
    expect(bake.target['python-3_13_5']).toMatchObject({
      args: { ARTIFACT_IMAGE: 'python-3_13_5-artifact' },
      contexts: { 'python-3_13_5-artifact': 'target:python-3_13_5-artifact' },
    });
    expect(bake.group.default.targets).not.toContain('python-3_13_5-artifact');
    expect(bake.target['hello-1_0_0']?.args).not.toHaveProperty('ARTIFACT_IMAGE');
  });

  it('leaves parents outside the plan to the registry', () => {
    const partial = planAsBake(createPlan(catalog, graph, { selectors: ['hello'] }), inputs) as typeof bake;
    expect(partial.target['hello-1_0_0']?.contexts).toBeUndefined();
    expect(partial.target['hello-1_0_0']?.args?.BASE_IMAGE).toBe('localhost:5000/acme/flask:3.1.1-python3.13');
  });
});

describe('plan as a GitHub Actions matrix', () => {
  it('lists one job per node whose needs always come earlier', () => {
    const { include } = planAsGithubMatrix(plan);
    expect(include.map((job) => job.node)).toEqual(plan.images.map((entry) => entry.id));
    include.forEach((job, index) => {
      for (const need of job.needs as string[]) {
        expect(include.findIndex((other) => other.job === need)).toBeLessThan(index);
      }
    });
    expect(include.find((job) => job.node === 'hello:1.0.0')).toMatchObject({
      needs: [bakeTargetName('flask:3.1.1-python3.13')],
      level: 4,
    });
  });
});

describe('plan: platforms', () => {
  const both = load(
    EXAMPLE.replace('images:', 'platforms: [linux/amd64, linux/arm64]\nimages:').replace(
      '    kind: app\n',
      '    kind: app\n    platforms: [linux/amd64]\n',
    ),
  );
  const twoPlatforms = createPlan(both.catalog, both.graph);

  it('gives each node its platforms in the plan, the bake file and the matrix', () => {
    const byId = Object.fromEntries(twoPlatforms.images.map((entry) => [entry.id, entry.platforms]));
    expect(byId['debian:13']).toEqual(['linux/amd64', 'linux/arm64']);
    expect(byId['hello:1.0.0']).toEqual(['linux/amd64']);
    const bake = planAsBake(twoPlatforms, inputs) as { target: Record<string, { platforms: string[] }> };
    expect(bake.target['python-3_13_5']?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(bake.target['python-3_13_5-artifact']?.platforms).toEqual(['linux/amd64', 'linux/arm64']);
    expect(bake.target['hello-1_0_0']?.platforms).toEqual(['linux/amd64']);
    const { include } = planAsGithubMatrix(twoPlatforms);
    expect(include.find((job) => job.node === 'debian:13')?.platforms).toBe('linux/amd64,linux/arm64');
  });
});
