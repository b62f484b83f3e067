import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
import { writeTestOciLayout } from './oci-fixture.js';
import { recordingFetch } from './request-log.js';
import { pushUpstream } from './upstream-fixture.js';

const skip = localRegistrySkipReason();

describe.skipIf(skip)(`upstream digests and artifacts on a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  const log = recordingFetch();
  const client = () =>
    new RegistryClient({
      fetch: log.fetch,
      env: {},
      credentials: staticCredentials({}),
      retry: { sleep: vi.fn(async () => {}) },
    });

  beforeAll(async () => {
    registry = await startLocalRegistry();
  }, 60_000);
  afterAll(() => registry?.stop());

  it('resolves a tag with HEAD, then records the index digest and each platform digest', async () => {
    const repo = `${registry.host}/upstream/debian`;
    const pushed = await pushUpstream(client(), repo, 'trixie-slim', { 'linux/amd64': 'a1', 'linux/arm64/v8': 'b1' });
    log.requests.length = 0;
    const resolved = await client().resolvePlatforms(`${repo}:trixie-slim`);
    expect(resolved).toEqual({
      digest: pushed.digest,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      platforms: pushed.platforms,
    });
    expect(log.requests[0]).toBe('HEAD /v2/upstream/debian/manifests/trixie-slim');
    expect(log.requests).toContain(`GET /v2/upstream/debian/manifests/${pushed.digest}`);
  });

  it('a single-platform image records its platform from its config', async () => {
    const repo = `${registry.host}/upstream/single`;
    const pushed = await pushUpstream(client(), repo, '1', { 'linux/amd64': 's1' }, { index: false });
    expect((await client().resolvePlatforms(`${repo}:1`)).platforms).toEqual({ 'linux/amd64': pushed.digest });
  });

  it('a missing tag is a not-found error with a hint', async () => {
    const error = await client()
      .resolvePlatforms(`${registry.host}/upstream/debian:no-such-tag`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect((error as RegistryError).kind).toBe('not-found');
    expect((error as RegistryError).hint).toMatch(/upstream may have removed/);
  });

  it('reads a file of an image from the top-most layer that has it; a whiteout hides it', async () => {
    const work = await mkdtemp(join(tmpdir(), 'catalog-image-file-'));
    const repo = `${registry.host}/acme/files`;
    const push = async (name: string, layers: Record<string, string>[]) => {
      const image = await writeTestOciLayout(join(work, name), { layers });
      await client().pushOciLayout(image.layoutDir, repo);
      await client().tag(repo, image.manifestDigest, name);
    };
    const status = 'Package: openssl\nStatus: install ok installed\nVersion: 3.5.1-1\n';
    await push('kept', [
      { 'var/lib/dpkg/status': 'old\n' },
      { './var/lib/dpkg/status': status, 'etc/a': 'a' },
      { 'etc/b': 'b' },
    ]);
    await push('deleted', [{ 'var/lib/dpkg/status': status }, { 'var/lib/dpkg/.wh.status': '' }]);
    await push('opaque', [{ 'var/lib/dpkg/status': status }, { 'var/lib/.wh..wh..opq': '' }]);
    const read = async (tag: string) => client().readImageFile(`${repo}:${tag}`, '/var/lib/dpkg/status');
    expect(new TextDecoder().decode(await read('kept'))).toBe(status);
    expect(await read('deleted')).toBeUndefined();
    expect(await read('opaque')).toBeUndefined();
    expect(await client().readImageFile(`${repo}:kept`, 'etc/missing')).toBeUndefined();
    await rm(work, { recursive: true, force: true });
  });

  it('stores a small file as an artifact and reads it back with its annotations', async () => {
    const repo = `${registry.host}/acme/os`;
    const bytes = new TextEncoder().encode('deb openssl 3.5.1-1\n');
    const digest = await client().pushArtifact(repo, 'sha256-abc.packages', {
      artifactType: 'application/vnd.catalog.packages.v1',
      mediaType: 'text/plain',
      bytes,
      annotations: { 'org.opencontainers.image.created': '2026-12-01T00:00:00Z' },
    });
    expect(digest).toMatch(/^sha256:/);
    const read = await client().fetchArtifact(`${repo}:sha256-abc.packages`);
    expect(new TextDecoder().decode(read?.bytes)).toBe('deb openssl 3.5.1-1\n');
    expect(read?.annotations).toEqual({ 'org.opencontainers.image.created': '2026-12-01T00:00:00Z' });
    expect(await client().fetchArtifact(`${repo}:sha256-none.packages`)).toBeUndefined();
  });
});
