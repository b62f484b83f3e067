import { describe, expect, it } from 'vitest';
import { EXAMPLE, load } from '../../test/helpers.js';
import { UsageError } from '../errors.js';
import { baseImageOf } from '../render/labels.js';
import { planAsGithubMatrix } from './github.js';
import { createPlan, type PlanEntry } from './plan.js';
import { planAsBake } from './plan-formats.js';

const { catalog, graph } = load(EXAMPLE);
const plan = createPlan(catalog, graph);
const inputs = {
  contextOf: (entry: PlanEntry) => `out/render/${entry.id.replace(':', '/')}`,
  repositoryOf: (entry: PlanEntry) => entry.repository,
  secretsOf: (entry: PlanEntry) => (entry.image === 'flask' ? [{ id: 'pip', env: 'PIP_TOKEN' }] : []),
  platforms: ['linux/amd64', 'linux/arm64'],
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
        output?: string[];
        platforms: string[];
        secret?: string[];
        args?: Record<string, string>;
        contexts?: Record<string, string>;
      }
    >;
  };

  it('is JSON in bake form: a default group of valid target names, each with context, dockerfile, platforms and a push by digest', () => {
    const names = bake.group.default.targets;
    expect(names).toHaveLength(graph.size);
    for (const [name, target] of Object.entries(bake.target)) {
      expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(typeof target.context).toBe('string');
      expect(target.dockerfile).toBe('Dockerfile');
      expect(target.platforms).toEqual(['linux/amd64']); // the example's nodes are built for amd64 only;
      expect(target).not.toHaveProperty('tags');
      if (names.includes(name))
        expect(target.output).toEqual([
          expect.stringMatching(
            /^type=image,name=localhost:5000\/acme\/[a-z]+,push-by-digest=true,name-canonical=true,push=true$/,
          ),
        ]);
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

  it('pins parents outside the plan by digest, and passes secrets from the environment', () => {
    const partial = planAsBake(createPlan(catalog, graph, { selectors: ['hello'] }), {
      ...inputs,
      parentDigestOf: () => 'sha256:abc',
    }) as typeof bake;
    expect(partial.target['hello-1_0_0']?.contexts).toBeUndefined();
    expect(partial.target['hello-1_0_0']?.args).toEqual({
      BASE_IMAGE: 'localhost:5000/acme/flask@sha256:abc',
      BASE_DIGEST: 'sha256:abc',
    });
    expect(bake.target['flask-3_1_1-python3_13']?.secret).toEqual(['id=pip,env=PIP_TOKEN']);
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
    const include = planAsGithubMatrix(twoPlatforms).jobs.flatMap((job) => job.matrix.include);
    const platformsOf = (node: string) => include.filter((job) => job.node === node).map((job) => job.platform);
    expect(platformsOf('debian:13')).toEqual(['linux/amd64', 'linux/arm64']);
    expect(platformsOf('hello:1.0.0')).toEqual(['linux/amd64']);
  });

  // As images/python declares: `FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE}`.
  const cross = { ...inputs, buildStagesOf: (entry: PlanEntry) => (entry.image === 'python' ? 'debian' : undefined) };

  it('gives a node with build-machine stages BUILD_BASE_IMAGE, the same parent as BASE_IMAGE, and no CATALOG_ARCH', () => {
    const bake = planAsBake(twoPlatforms, cross) as { target: Record<string, { args?: Record<string, string> }> };
    for (const name of ['python-3_13_5', 'python-3_13_5-artifact']) {
      const args = bake.target[name]?.args ?? {};
      expect(args.BUILD_BASE_IMAGE).toBe('localhost:5000/acme/pyenv:2.5.4');
      expect(args.BUILD_BASE_IMAGE).toBe(args.BASE_IMAGE);
      expect(args).not.toHaveProperty('CATALOG_ARCH');
    }
    expect(bake.target['pyenv-2_5_4']?.args).not.toHaveProperty('BUILD_BASE_IMAGE');
    const pinned = planAsBake(createPlan(both.catalog, both.graph, { selectors: ['python'] }), {
      ...cross,
      parentDigestOf: () => `sha256:${'a'.repeat(64)}`,
    }) as { target: Record<string, { args?: Record<string, string> }> };
    expect(pinned.target['python-3_13_5']?.args?.BUILD_BASE_IMAGE).toBe(
      `localhost:5000/acme/pyenv@sha256:${'a'.repeat(64)}`,
    );
  });

  it('refuses a platform whose Debian architecture TARGETARCH does not name (armhf is arm), with the way out', () => {
    const arm = load(EXAMPLE.replace('images:', 'platforms: [linux/amd64, linux/arm/v7]\nimages:'));
    const build = () => planAsBake(createPlan(arm.catalog, arm.graph), { ...cross, platforms: undefined });
    expect(build).toThrow(UsageError);
    expect(build).toThrow(
      "python:3.11.2 compiles on the build machine for linux/arm/v7, whose debian architecture armhf is not BuildKit's TARGETARCH arm",
    );
    try {
      build();
    } catch (error) {
      expect((error as UsageError).hint).toContain('catalog build (--platform linux/arm/v7)');
    }
  });
});
