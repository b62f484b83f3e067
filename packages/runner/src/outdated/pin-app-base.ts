import { type AppBase, needsPin, type PinnedAppBase, pinAppBase, pinCandidates, unpinnedAppBase } from '@catalog/core';
import type { OutdatedRegistry } from './check-outdated.js';

/**
 * The base `init-app` writes FROM, pinned to the `-rN` build its rolling tag names now (core's
 * pinAppBase decides): reads the repository's tags, what the tag resolves to, and the node's `-rN`
 * tags newest first until one is the same build (usually the first). An `-rN` tag given with --from
 * is kept without asking. A registry that cannot be read is the client's RegistryError.
 */
export async function pinnedAppBase(base: AppBase, client: OutdatedRegistry): Promise<PinnedAppBase> {
  if (!needsPin(base)) return unpinnedAppBase(base);
  const repository = base.reference.slice(0, base.reference.length - base.tag.length - 1);
  const tags = await client.listTags(repository);
  const digests = new Map<string, string>();
  if (!tags.includes(base.tag)) return pinAppBase(base, { tags, digest: undefined, digests });
  const digest = (await client.resolve(base.reference))?.digest;
  for (const tag of digest === undefined ? [] : pinCandidates(base, tags)) {
    const found = (await client.resolve(`${repository}:${tag}`))?.digest;
    if (found !== undefined) digests.set(tag, found);
    if (found === digest) break;
  }
  return pinAppBase(base, { tags, digest, digests });
}
