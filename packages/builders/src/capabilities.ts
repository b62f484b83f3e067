import { findRunMounts } from '@catalog/core/lint';
import { engineNamed } from './engines/index.js';
import { BuilderError } from './errors.js';
import type { BuilderCapabilities } from './types.js';

/** What a plan needs from its builder; absent means not needed. */
export type BuildNeeds = { readonly [K in keyof BuilderCapabilities]?: boolean };

export interface CapabilityProblem {
  readonly capability: keyof BuilderCapabilities;
  /** What the builder cannot do, e.g. "kaniko cannot build a child from a parent that is not in a registry". */
  readonly reason: string;
  /** What to do instead. */
  readonly alternative: string;
}

/** What an engine lacking a capability cannot do (unless its `limits` word it), and what to do instead. */
const PROBLEMS: Record<keyof BuilderCapabilities, (name: string) => Omit<CapabilityProblem, 'capability'>> = {
  localParents: (name) => ({
    reason: `${name} cannot build a child from a parent that is not in a registry`,
    alternative: 'use --push, or --builder buildah',
  }),
  ociExport: (name) => ({
    reason: `${name} cannot write an OCI image layout`,
    alternative: 'use --builder buildah',
  }),
  secrets: (name) => ({
    reason: `${name} cannot mount build secrets (and secrets are never passed as build args)`,
    alternative: 'use --builder buildah',
  }),
  daemonless: (name) => ({
    reason: `${name} needs a running daemon`,
    alternative: 'start it, or use --builder buildah',
  }),
  timestamps: (name) => ({
    reason: `${name} cannot set a reproducible created time`,
    alternative: 'accept build-time timestamps, or use --builder buildah',
  }),
  insecureRegistries: (name) => ({
    reason: `${name} cannot use a plain-http registry per build`,
    alternative:
      'declare the registry insecure in the builder configuration (buildkitd.toml), or use --builder buildah',
  }),
  runMounts: (name) => ({
    reason: `${name} ignores RUN --mount (cache, bind and secret mounts), so the image would be built wrong`,
    alternative: 'use --builder buildah',
  }),
  multiPlatform: (name) => ({
    reason: `${name} builds one platform per run, and this plan has nodes built for several platforms (one image index each)`,
    alternative: 'use --builder buildah (or podman, docker buildx), or give those nodes one platform ("platforms:")',
  }),
};

/** Every need the builder cannot meet, with a reason and an alternative; empty when it can build the plan. */
export function checkCapabilities(
  builder: { readonly name: string; readonly capabilities: BuilderCapabilities },
  needs: BuildNeeds,
): CapabilityProblem[] {
  const wanted = (Object.keys(PROBLEMS) as (keyof BuilderCapabilities)[]).filter((key) => needs[key] === true);
  const limits = engineNamed(builder.name).limits ?? {};
  return wanted
    .filter((capability) => !builder.capabilities[capability])
    .map((capability) => {
      const problem = PROBLEMS[capability](builder.name);
      return { capability, ...problem, reason: limits[capability] ?? problem.reason };
    });
}

/** One sentence per problem: "<reason>; <alternative>". */
export function formatCapabilityProblem(problem: CapabilityProblem): string {
  return `${problem.reason}; ${problem.alternative}`;
}

/** Throws a BuilderError naming every unmet need, so a plan is rejected before anything starts. */
export function assertCapabilities(
  builder: { readonly name: string; readonly capabilities: BuilderCapabilities },
  needs: BuildNeeds,
): void {
  const problems = checkCapabilities(builder, needs);
  if (problems.length === 0) return;
  const message = problems.map((p) => p.reason).join('; ');
  const hint = [...new Set(problems.map((p) => p.alternative))].join('; ');
  throw new BuilderError(message, hint);
}

/** A node's rendered Dockerfile, for the checks that read it. */
export interface RenderedDockerfile {
  readonly id: string;
  readonly dockerfile: string;
}

/**
 * Pure: one line per `RUN --mount` the builder would silently ignore (`flask:3.1.1: Dockerfile
 * line 12: RUN --mount=type=bind,...`); empty when the builder honours mounts or none is used.
 */
export function runMountProblems(
  builder: { readonly capabilities: BuilderCapabilities },
  dockerfiles: readonly RenderedDockerfile[],
): string[] {
  if (builder.capabilities.runMounts) return [];
  return dockerfiles.flatMap(({ id, dockerfile }) =>
    findRunMounts(dockerfile).map((m) => `${id}: Dockerfile line ${m.line}: RUN --mount=${m.mount}`),
  );
}

/** Rejects a plan whose Dockerfiles use RUN --mount on a builder that ignores it, before anything starts. */
export function assertRunMounts(
  builder: { readonly name: string; readonly capabilities: BuilderCapabilities },
  dockerfiles: readonly RenderedDockerfile[],
): void {
  const problems = runMountProblems(builder, dockerfiles);
  if (problems.length === 0) return;
  const { reason, alternative } = PROBLEMS.runMounts(builder.name);
  throw new BuilderError(`${reason}: ${problems.join('; ')}`, alternative);
}
