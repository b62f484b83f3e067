import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MediaType, RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
import { type TestImage, writeTestOciLayout } from './oci-fixture.js';

const skip = localRegistrySkipReason();

describe.skipIf(skip)(`platform indexes in a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let work: string;
  let amd64: TestImage;
  let arm64: TestImage;
  const client = () =>
    new RegistryClient({ env: {}, credentials: staticCredentials({}), retry: { sleep: vi.fn(async () => {}) } });

  beforeAll(async () => {
    registry = await startLocalRegistry();
    work = await mkdtemp(join(tmpdir(), 'catalog-index-test-'));
    amd64 = await writeTestOciLayout(join(work, 'amd64'), { labels: { arch: 'amd64' }, architecture: 'amd64' });
    arm64 = await writeTestOciLayout(join(work, 'arm64'), { labels: { arch: 'arm64' }, architecture: 'arm64' });
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('pushes the index of images built on two machines by digest, untagged; again gives the same digest', async () => {
    const repo = `${registry.host}/acme/py`;
    await client().pushOciLayout(amd64.layoutDir, repo);
    await client().pushOciLayout(arm64.layoutDir, repo);
    const entries = [
      { platform: 'linux/arm64', digest: arm64.manifestDigest },
      { platform: 'linux/amd64', digest: amd64.manifestDigest },
    ];
    const index = await client().pushIndex(repo, entries);
    expect(index.mediaType).toBe(MediaType.ociIndex);
    expect(await client().listTags(repo)).toEqual([]);
    const ref = `${repo}@${index.digest}`;
    expect((await client().platformDigests(ref)).map((p) => [p.platform, p.digest])).toEqual([
      ['linux/amd64', amd64.manifestDigest],
      ['linux/arm64', arm64.manifestDigest],
    ]);
    expect(await client().imageLabels(ref, { platform: 'linux/arm64' })).toEqual({ arch: 'arm64' });
    expect((await client().pushIndex(repo, [...entries].reverse())).digest).toBe(index.digest);
    // An entry that is an index itself (an image found up to date) gives its platform's manifest.
    const again = await client().pushIndex(repo, [
      { platform: 'linux/amd64', digest: index.digest },
      { platform: 'linux/arm64', digest: arm64.manifestDigest },
    ]);
    expect(again.digest).toBe(index.digest);
    await expect(client().pushIndex(repo, [{ platform: 'linux/s390x', digest: index.digest }])).rejects.toThrow(
      RegistryError,
    );
  });
});
