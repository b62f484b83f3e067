import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
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
