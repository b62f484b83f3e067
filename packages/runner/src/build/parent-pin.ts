import {
  type BuildStageParent,
  type CatalogNode,
  CatalogToolError,
  canonicalPlatform,
  digestReference,
  hasBuildStages,
  type ParentPin,
  platformDigest,
  repositoryOfReference,
  tagReference,
} from '@catalog/core';
import { HOST_PLATFORM } from './emulation.js';
import { NodeFailure } from './node-failure.js';
import type { NodeJob, NodeResult, PipelineContext, PlatformPins } from './pipeline-types.js';

/** What one platform's build of a node is pinned to: its parent, and its build-machine stages' parent. */
export async function resolvePins(job: NodeJob, context: PipelineContext, platform: string): Promise<PlatformPins> {
  const parent = await resolveParent(job.node, context, platform);
  const buildParent = await resolveBuildParent(job, context, platform);
  return buildParent ? { parent, buildParent } : { parent };
}

/**
 * The parent of a node's stages that run on the build machine (`FROM --platform=$BUILDPLATFORM
 * ${BUILD_BASE_IMAGE}`, core's build-platform.ts) for a build of another platform than this
 * machine's: the parent's image for this machine's platform, so that they run natively and
 * cross-compile. Undefined when the node has no such stage, is built for this machine's platform,
 * or its parent has no image for it: those stages then run FROM the target's parent, under
 * emulation, which a warning says.
 */
export async function resolveBuildParent(
  job: NodeJob,
  context: PipelineContext,
  platform: string,
  host: string = HOST_PLATFORM,
): Promise<BuildStageParent | undefined> {
  const parent = job.node.parent;
  if (!parent || platform === host || !hasBuildStages(job.rendered)) return undefined;
  const emulated = (why: string): undefined => {
    const message = `${job.node.id} (${platform}): its build stages run under emulation, not cross-compiled: ${why}`;
    context.settings.onEvent({ type: 'warning', message: `${message} (add ${host} to the parent's platforms)` });
    return undefined;
  };
  if (parent.type === 'node' && !context.graph.node(parent.id).platforms.includes(host))
    return emulated(`its parent ${parent.id} is not built for ${host}`);
  if (parent.type === 'node' && context.settings.builtElsewhere?.has(parent.id))
    return emulated(`its parent ${parent.id} was built elsewhere, for one platform`);
  try {
    const pin = await resolveParent(job.node, context, host, true);
    return pin ? { platform: host, pin } : undefined;
  } catch (error) {
    return emulated(messageOf(error));
  }
}

/**
 * The parent as the build of one platform pulls it: built in this run, or already in a registry.
 * A node built for several platforms, or a parent built for several, is pinned per platform: the
 * platform's own manifest digest from the parent's index, never the index.
 */
export async function resolveParent(
  node: CatalogNode,
  context: PipelineContext,
  platform: string,
  several: boolean = node.platforms.length > 1,
): Promise<ParentPin | null> {
  const parent = node.parent;
  if (!parent) return null;
  if (parent.type === 'node') {
    const built = builtParent(context.results.get(parent.id), platform);
    if (built) return built;
    // Built and pushed by another machine (build --parents-from REPORT): one platform's image.
    const elsewhere = context.settings.builtElsewhere?.get(parent.id);
    if (elsewhere) return { digest: elsewhere.digest, pullRef: elsewhere.pullRef };
    const parentNode = context.graph.node(parent.id);
    const ref = tagReference(context.settings.registry, parentNode);
    const fix = `build it first (catalog build ${parent.id}) or add --ancestors`;
    if (parentNode.platforms.length > 1) return resolvePlatformInRegistry(ref, platform, context, fix);
    return resolveInRegistry(ref, context, fix);
  }
  const pinned = context.settings.pinnedParents?.get(parent.ref);
  const fix = 'check the reference and that its registry is reachable';
  if (pinned && several) {
    const digest = platformDigest(pinned.platforms ?? {}, platform);
    if (digest === undefined) throw new NodeFailure(`${parent.ref} has no ${platform} image in catalog.lock.yaml`);
    return { digest, pullRef: digestReference(repositoryOfReference(parent.ref) ?? parent.ref, digest) };
  }
  if (pinned) return { digest: pinned.digest, pullRef: pinned.pullRef };
  if (several) return resolvePlatformInRegistry(parent.ref, platform, context, fix);
  return resolveInRegistry(parent.ref, context, fix);
}

/** The parent's result in this run for the platform: its platform's image, or its one image. */
function builtParent(result: NodeResult | undefined, platform: string): ParentPin | undefined {
  const own = result?.platforms?.find((p) => p.platform === platform);
  if (own) return { digest: own.digest, pullRef: own.pullRef };
  if (result?.digest && result.pullRef && !result.platforms) return { digest: result.digest, pullRef: result.pullRef };
  return undefined;
}

async function resolveInRegistry(ref: string, context: PipelineContext, fix: string): Promise<ParentPin> {
  const found = await context.ports.registry.resolve(ref).catch((error: unknown) => {
    throw new NodeFailure(`cannot resolve parent ${ref}: ${messageOf(error)}`);
  });
  if (!found) throw new NodeFailure(`parent ${ref} is not in the registry; ${fix}`);
  return { digest: found.digest, pullRef: digestReference(repositoryOfReference(ref) ?? ref, found.digest) };
}

/** The manifest of one platform of a parent in the registry (from its index, or its single image). */
async function resolvePlatformInRegistry(
  ref: string,
  platform: string,
  context: PipelineContext,
  fix: string,
): Promise<ParentPin> {
  const registry = context.ports.registry;
  const found = await registry.resolve(ref).catch((error: unknown) => {
    throw new NodeFailure(`cannot resolve parent ${ref}: ${messageOf(error)}`);
  });
  if (!found) throw new NodeFailure(`parent ${ref} is not in the registry; ${fix}`);
  if (!registry.platformDigests) throw new NodeFailure(`cannot read the platforms of parent ${ref}`);
  const listed = await registry.platformDigests(ref).catch((error: unknown) => {
    throw new NodeFailure(`cannot read the platforms of parent ${ref}: ${messageOf(error)}`);
  });
  const entry = listed.find((p) => canonicalPlatform(p.platform) === platform);
  if (!entry) {
    const has = listed.map((p) => p.platform).join(', ') || 'none';
    throw new NodeFailure(`parent ${ref} has no ${platform} image (it has ${has}); ${fix}`);
  }
  return { digest: entry.digest, pullRef: digestReference(repositoryOfReference(ref) ?? ref, entry.digest) };
}

export function messageOf(error: unknown): string {
  if (error instanceof CatalogToolError) return error.hint ? `${error.message} (${error.hint})` : error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * The up-to-date check could not read the registry: with --push that fails the node (nothing may
 * be published over an image we could not compare); otherwise a warning, and the node is built.
 */
export function uncheckedRegistry(id: string, ref: string, error: unknown, context: PipelineContext): undefined {
  if (context.settings.push) throw new NodeFailure(`cannot check ${ref}: ${messageOf(error)}`);
  context.settings.onEvent({ type: 'warning', message: `${id}: registry not checked (${messageOf(error)}); building` });
  return undefined;
}
