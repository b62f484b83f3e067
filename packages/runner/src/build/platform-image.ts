import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DEFAULT_PLATFORM,
  digestReference,
  imageFormatOf,
  isPlaceholder,
  nodeBuildArgs,
  nodeBuildRequest,
  placeholder,
  repositoryOf,
} from '@catalog/core';
import { ensureArtifact, type NodeArtifact, pushArtifact } from './artifact-step.js';
import { assertCanRun } from './emulation.js';
import { inputHash } from './input-hash.js';
import { checkLabels, recordSbom, runSmokeTests } from './node-checks.js';
import { NodeFailure } from './node-failure.js';
import type {
  BuildStepsInput,
  NodeJob,
  NodeSteps,
  PipelineContext,
  PlatformInput,
  PlatformPins,
} from './pipeline-types.js';
import { runFacts } from './settings.js';
import { publishNodeSupply } from './supply-step.js';

/**
 * Builds (compiling its artifact first, if any), checks, tests and pushes one platform's image.
 * `artifacts`: the registry references of this node's artifacts of the platforms built earlier in
 * the run (a cross-compile may use the build machine's: artifact-step.ts).
 */
export async function buildPlatformImage(
  job: NodeJob,
  context: PipelineContext,
  { platform, parent, buildParent, hash }: PlatformInput,
  steps: NodeSteps,
  artifacts: ReadonlyMap<string, string> = new Map(),
) {
  const buildInput = {
    node: job.node,
    rendered: job.rendered,
    dir: job.dir,
    parent,
    secrets: job.secrets,
    platform,
    ...(buildParent ? { buildParent } : {}),
  };
  const facts = runFacts(context.settings, context.catalog);
  const request = nodeBuildRequest({ ...buildInput, inputHash: hash }, facts);
  if (/^\s*RUN\b/im.test(job.rendered.dockerfile) || !context.settings.skipTests) await assertCanRun(platform);
  const buildPlatformArtifact = buildParent ? artifacts.get(buildParent.platform) : undefined;
  const artifact = await ensureArtifact(job, context, {
    request,
    ...steps,
    ...(buildParent ? { buildPlatform: buildParent.platform } : {}),
    ...(buildPlatformArtifact ? { buildPlatformArtifact } : {}),
  });
  const assembled = artifact
    ? nodeBuildRequest({ ...buildInput, inputHash: hash, artifact: { pullRef: artifact.pullRef } }, facts)
    : request;
  const published = { parent, inputHash: hash, startedOn: new Date() };
  const built = await buildAndPublish(
    job,
    context,
    { request: assembled, ...steps, published },
    { artifact, platform },
  );
  const reported = artifact
    ? { key: artifact.key, digest: built.artifactDigest ?? artifact.digest, reused: artifact.reused }
    : undefined;
  return {
    ...built,
    ...(reported ? { artifact: reported } : {}),
    artifactRef: registryArtifact(job, context, artifact, built),
  };
}

/**
 * The artifact's reference in the registry (stored before, or pushed by this build), which a build
 * for another platform can pull: buildah does not take another platform's image from its local
 * storage. Undefined when it is only local (without --push).
 */
function registryArtifact(
  job: NodeJob,
  context: PipelineContext,
  artifact: NodeArtifact | undefined,
  built: { readonly artifactDigest?: string | undefined },
): string | undefined {
  if (artifact?.reused) return artifact.pullRef;
  if (!built.artifactDigest) return undefined;
  return digestReference(repositoryOf(context.settings.registry, job.node.image), built.artifactDigest);
}

/**
 * The node's input hash for one platform (`several`: the node is built for more than one, which
 * only the placeholder's wording says). Every platform but linux/amd64 is hashed too (see
 * InputHashRequest.platform): a platform's image then has the same hash whether the node is built
 * for it alone (`build --platform`, a catalog of one platform) or with others, and an index can keep
 * a platform's image that is still current. A parent only built in a dry run has a placeholder
 * digest: the hash over it would be a made-up value, so it is a placeholder too (and never matches a
 * registry label).
 */
export async function nodeInputHash(
  job: NodeJob,
  context: PipelineContext,
  target: PlatformPins & { readonly platform: string },
  several: boolean,
): Promise<string> {
  const { parent, platform } = target;
  const of = several ? `${job.node.id} (${platform})` : job.node.id;
  const pins = [parent?.digest, target.buildParent?.pin.digest];
  if (pins.some((digest) => digest !== undefined && isPlaceholder(digest))) return placeholder(`input hash of ${of}`);
  const buildArgs = nodeBuildArgs(job.rendered, context.settings, parent, target);
  const format = imageFormatOf(job.rendered.dockerfile).format;
  const hashed = { dir: job.dir, buildArgs, parentDigest: parent?.digest ?? null, format };
  return inputHash(platform === DEFAULT_PLATFORM ? hashed : { ...hashed, platform });
}

/** What a build in the docker format says (core's imageFormatOf chose it: the image has a HEALTHCHECK, SHELL or ONBUILD). */
const FORMAT_NOTE = 'docker image format: keeps HEALTHCHECK, SHELL and ONBUILD, which an OCI image config drops';

async function buildAndPublish(
  job: NodeJob,
  context: PipelineContext,
  input: BuildStepsInput,
  { artifact, platform }: { readonly artifact: NodeArtifact | undefined; readonly platform: string },
) {
  const { settings, ports } = context;
  const { request } = input;
  const localName = request.image;
  const ociLayoutDir = request.ociLayoutDir as string;
  await mkdir(dirname(ociLayoutDir), { recursive: true });
  input.step('build', request.format === 'docker-v2s2' ? FORMAT_NOTE : undefined);
  const result = await ports.builder.build(request, {
    logFile: input.logFile,
    signal: input.signal,
    onCommand: (argv) => settings.onEvent({ type: 'command', id: job.node.id, argv: [...argv] }),
    onLine: (line) => settings.onEvent({ type: 'log', id: job.node.id, line }),
  });
  if (!result.ok || !result.manifestDigest) {
    throw new NodeFailure(`${result.step} failed (exit ${result.exitCode}); log: ${input.logFile}`, result.tail);
  }
  // Nothing to read when the builder only recorded its commands (a dry run).
  const config = await ports.readImageConfig(ociLayoutDir);
  if (config) checkLabels(job, config);
  await runSmokeTests(job, context, localName, input);
  await recordSbom(job, context, { name: localName, platform }, input);
  if (!settings.push) {
    const image = { digest: result.manifestDigest, pullRef: localName, mediaType: '', size: 0 };
    return { localName, ...image, artifactDigest: undefined, supply: undefined };
  }
  const repository = repositoryOf(settings.registry, job.node.image);
  input.step('push', `${result.manifestDigest} to ${repository}`);
  const parent = job.node.parent?.type === 'node' ? context.graph.node(job.node.parent.id) : undefined;
  const mountFrom = parent ? [repositoryOf(settings.registry, parent.image)] : [];
  const pushed = await ports.registry.pushOciLayout(ociLayoutDir, repository, { mountFrom });
  const supply = await publishNodeSupply(job, context, input, { repository, pushed });
  const artifactDigest = artifact ? await pushArtifact(job.node, artifact, context, input.step) : undefined;
  const pullRef = digestReference(repository, pushed.digest);
  const image = { digest: pushed.digest, pullRef, mediaType: pushed.mediaType, size: pushed.size };
  return { localName, ...image, artifactDigest, supply };
}
