/**
 * "Upstream" images for tests of the upstream watch: pushes one tiny image per platform and points
 * a tag at an OCI index of them (or at the single image), as a base image's publisher would.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaType, type RegistryClient } from '../src/index.js';

/** The client methods the fixture uses (structural, so clients built from src or dist both fit). */
export type UpstreamPusher = Pick<RegistryClient, 'pushOciLayout' | 'tag' | 'putManifest'>;

import { writeTestOciLayout } from './oci-fixture.js';

export interface PushedUpstream {
  /** The tag's digest (the index, or the single manifest). */
  readonly digest: string;
  /** `linux/amd64` → manifest digest. */
  readonly platforms: Record<string, string>;
}

/**
 * Pushes `repository:tag` with one image per entry of `platforms` (`{'linux/amd64': 'content'}`;
 * different content gives a different manifest). With `index: false` and one platform, the tag
 * points at the image manifest itself.
 */
export async function pushUpstream(
  client: UpstreamPusher,
  repository: string,
  tag: string,
  platforms: Readonly<Record<string, string>>,
  options: { readonly index?: boolean } = {},
): Promise<PushedUpstream> {
  const work = await mkdtemp(join(tmpdir(), 'catalog-upstream-'));
  try {
    const entries = [];
    const digests: Record<string, string> = {};
    for (const [platform, content] of Object.entries(platforms)) {
      const [os, architecture, variant] = platform.split('/') as [string, string, string | undefined];
      const image = await writeTestOciLayout(join(work, platform.replaceAll('/', '-')), {
        os,
        architecture,
        layers: [{ 'etc/upstream-release': `${content}\n` }],
        history: true,
      });
      const pushed = await client.pushOciLayout(image.layoutDir, repository);
      digests[platform] = pushed.digest;
      entries.push({
        mediaType: MediaType.ociManifest,
        digest: pushed.digest,
        size: image.manifestBytes.length,
        platform: { os, architecture, ...(variant ? { variant } : {}) },
      });
    }
    const single = entries.length === 1 && options.index === false;
    if (single) {
      const only = entries[0] as (typeof entries)[number];
      await client.tag(repository, only.digest, tag);
      return { digest: only.digest, platforms: digests };
    }
    const bytes = new TextEncoder().encode(
      JSON.stringify({ schemaVersion: 2, mediaType: MediaType.ociIndex, manifests: entries }),
    );
    const digest = await client.putManifest(repository, tag, { mediaType: MediaType.ociIndex, bytes });
    return { digest, platforms: digests };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
