import {
  type CatalogNode,
  CatalogToolError,
  canonicalPlatform,
  digestReference,
  type ParentPin,
  platformDigest,
  repositoryOfReference,
  tagReference,
} from '@catalog/core';
import { NodeFailure } from './node-failure.js';
import type { NodeResult, PipelineContext } from './pipeline-types.js';

/**
 * The parent as the build of one platform pulls it: built in this run, or already in a registry.
 * A node built for several platforms, or a parent built for several, is pinned per platform: the
 * platform's own manifest digest from the parent's index, never the index.
 */
export async function resolveParent(
  node: CatalogNode,
  context: PipelineContext,
  platform: string,
): Promise<ParentPin | null> {
  const parent = node.parent;
  if (!parent) return null;
  const several = node.platforms.length > 1;
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
