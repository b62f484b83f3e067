import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MediaType, RegistryClient, RegistryError, staticCredentials } from '../src/index.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
import { type TestImage, writeTestOciLayout } from './oci-fixture.js';
import { recordingFetch } from './request-log.js';

const skip = localRegistrySkipReason();
const LABELS = { 'org.opencontainers.image.title': 'base', 'io.catalog.test': 'yes' };
const SHARED_LAYER = { 'etc/shared.txt': 'shared by base and child\n' };

function sha256(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

describe.skipIf(skip)(`a real registry${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let work: string;
  let base: TestImage;
  let child: TestImage;
  const log = recordingFetch();
  const client = (): RegistryClient =>
    new RegistryClient({
      fetch: log.fetch,
      env: {},
      credentials: staticCredentials({}),
      retry: { sleep: vi.fn(async () => {}) },
    });

  beforeAll(async () => {
    registry = await startLocalRegistry();
    work = await mkdtemp(join(tmpdir(), 'catalog-registry-test-'));
    base = await writeTestOciLayout(join(work, 'base'), { labels: LABELS, layers: [SHARED_LAYER] });
    child = await writeTestOciLayout(join(work, 'child'), {
      labels: { 'org.opencontainers.image.title': 'child' },
      layers: [SHARED_LAYER, { 'app/main.txt': 'the child layer\n' }],
    });
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('pushes an image index of pushed manifests by digest, each with its platform, and tags it', async () => {
    const repo = `${registry.host}/acme/multi`;
    const amd64 = await client().pushOciLayout(base.layoutDir, repo);
    const arm64 = await client().pushOciLayout(child.layoutDir, repo);
    const entries = [
      { ...amd64, platform: 'linux/amd64' },
      { ...arm64, platform: 'linux/arm64' },
    ].map(({ digest, mediaType, size, platform }) => ({ digest, mediaType, size, platform }));
    const index = (await client().pushIndex(repo, entries)).digest;
    expect(await client().listTags(repo)).toEqual([]);
    await client().tag(repo, index, '1.0.0');
    expect(await client().resolve(`${repo}:1.0.0`)).toMatchObject({ digest: index, mediaType: MediaType.ociIndex });
    expect(await client().platformDigests(`${repo}:1.0.0`)).toEqual([
      { platform: 'linux/amd64', digest: amd64.digest, mediaType: MediaType.ociManifest, size: amd64.size },
      { platform: 'linux/arm64', digest: arm64.digest, mediaType: MediaType.ociManifest, size: arm64.size },
    ]);
    expect(await client().imageLabels(`${repo}:1.0.0`, { platform: 'linux/arm64' })).toMatchObject({
      'org.opencontainers.image.title': 'child',
    });
  });

  it('pushes a layout by digest without a tag, then tags it', async () => {
    const repo = `${registry.host}/acme/base`;
    const pushed = await client().pushOciLayout(base.layoutDir, repo);
    expect(pushed).toMatchObject({
      digest: base.manifestDigest,
      mediaType: MediaType.ociManifest,
      size: base.manifestBytes.length,
    });
    expect(pushed.blobs.map((b) => b.status)).toEqual(['uploaded', 'uploaded']);
    expect(await client().listTags(repo)).toEqual([]);
    expect(await client().resolve(`${repo}:latest`)).toBeUndefined();
    expect(await client().resolve(`${repo}@${base.manifestDigest}`)).toEqual({
      digest: base.manifestDigest,
      mediaType: MediaType.ociManifest,
      size: base.manifestBytes.length,
    });

    await client().tag(repo, base.manifestDigest, '1.0');
    expect((await client().resolve(`${repo}:1.0`))?.digest).toBe(base.manifestDigest);
    await client().tagMany(repo, base.manifestDigest, ['1.0-r1', 'latest']);
    expect((await client().listTags(repo)).sort()).toEqual(['1.0', '1.0-r1', 'latest']);
    const fetched = await client().getManifest(`${repo}:1.0`);
    expect(fetched.bytes).toEqual(base.manifestBytes);
    expect(fetched.digest).toBe(base.manifestDigest);
  });

  it('reads the labels, the config and the platform of an image', async () => {
    const ref = `${registry.host}/acme/base:1.0`;
    expect(await client().imageLabels(ref)).toEqual(LABELS);
    expect(await client().imageConfig(ref)).toMatchObject({ os: 'linux', architecture: 'amd64' });
    expect(await client().platformDigests(ref)).toEqual([
      {
        platform: 'linux/amd64',
        digest: base.manifestDigest,
        mediaType: MediaType.ociManifest,
        size: base.manifestBytes.length,
      },
    ]);
  });

  it('checks blobs', async () => {
    const repo = `${registry.host}/acme/base`;
    expect(await client().hasBlob(repo, base.configDigest)).toBe(true);
    expect(await client().hasBlob(repo, base.layerDigests[0] ?? '')).toBe(true);
    expect(await client().hasBlob(repo, `sha256:${'0'.repeat(64)}`)).toBe(false);
  });

  it('pushes the same layout a second time without uploading anything', async () => {
    log.clear();
    const again = await client().pushOciLayout(base.layoutDir, `${registry.host}/acme/base`);
    expect(again.digest).toBe(base.manifestDigest);
    expect(again.blobs).toEqual([]);
    expect(log.writes()).toEqual([]);
    expect(log.requests).toEqual([`HEAD /v2/acme/base/manifests/${base.manifestDigest}`]);
  });

  it('mounts blobs from another repository of the registry', async () => {
    const layer = base.layerDigests[0] ?? '';
    const blob = { digest: layer, size: 0, open: () => new Uint8Array() };
    const result = await client().pushBlob(`${registry.host}/acme/mounted`, blob, { mountFrom: 'acme/base' });
    expect(result.status).toBe('mounted');
    expect(await client().hasBlob(`${registry.host}/acme/mounted`, layer)).toBe(true);

    log.clear();
    const pushed = await client().pushOciLayout(child.layoutDir, `${registry.host}/acme/child`, {
      mountFrom: [`${registry.host}/acme/base`],
    });
    const statuses = Object.fromEntries(pushed.blobs.map((b) => [b.digest, b.status]));
    expect(statuses).toEqual({
      [child.configDigest]: 'uploaded',
      [layer]: 'mounted',
      [child.layerDigests[1] ?? '']: 'uploaded',
    });
    expect(log.writes().filter((w) => w.includes(`mount=${encodeURIComponent(layer)}`))).toHaveLength(1);
    expect(await client().imageLabels(`${registry.host}/acme/child@${child.manifestDigest}`)).toEqual({
      'org.opencontainers.image.title': 'child',
    });
  });

  it('uploads blobs from bytes, web streams and Node streams, once', async () => {
    const repo = `${registry.host}/acme/blobs`;
    const bytes = new TextEncoder().encode('some blob content');
    const fromBytes = { digest: sha256(bytes), size: bytes.length, open: () => bytes };
    expect((await client().pushBlob(repo, fromBytes)).status).toBe('uploaded');
    expect((await client().pushBlob(repo, fromBytes)).status).toBe('exists');

    const other = new TextEncoder().encode('streamed as a web stream');
    const webStream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(other.slice(0, 5));
          controller.enqueue(other.slice(5));
          controller.close();
        },
      });
    const pushed = await client().pushBlob(repo, { digest: sha256(other), size: other.length, open: webStream });
    expect(pushed.status).toBe('uploaded');

    const layerPath = join(base.layoutDir, 'blobs', 'sha256', (base.layerDigests[0] ?? '').slice(7));
    const layer = base.layerDigests[0] ?? '';
    const size = statSync(layerPath).size;
    const fromFile = { digest: layer, size, open: () => createReadStream(layerPath) };
    expect((await client().pushBlob(repo, fromFile)).status).toBe('uploaded');
    expect(await client().hasBlob(repo, layer)).toBe(true);
  });

  it('refuses content that does not match its digest, without retrying', async () => {
    const bytes = new TextEncoder().encode('the real content');
    const blob = { digest: sha256(new TextEncoder().encode('other content')), size: bytes.length, open: () => bytes };
    const error = await client()
      .pushBlob(`${registry.host}/acme/blobs`, blob)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'rejected', status: 400, code: 'DIGEST_INVALID' });
    expect((error as RegistryError).hint).toContain('does not match');
  });

  it('refuses content whose length is not the size given, without retrying', async () => {
    const bytes = new TextEncoder().encode('twelve bytes');
    const blob = { digest: sha256(bytes), size: bytes.length + 1, open: () => bytes };
    const error = await client()
      .pushBlob(`${registry.host}/acme/blobs`, blob)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'digest-mismatch', attempts: undefined });
    expect((error as RegistryError).message).toContain('not as long as its declared size');
  });

  it('publishes an index and lists its platforms', async () => {
    const repo = `${registry.host}/acme/multi`;
    const arm = await writeTestOciLayout(join(work, 'arm'), { architecture: 'arm64', labels: { arch: 'arm' } });
    const amd = await writeTestOciLayout(join(work, 'amd'), { architecture: 'amd64', labels: { arch: 'amd' } });
    for (const image of [arm, amd]) await client().pushOciLayout(image.layoutDir, repo);
    const entry = (image: TestImage, architecture: string) => ({
      mediaType: MediaType.ociManifest,
      digest: image.manifestDigest,
      size: image.manifestBytes.length,
      platform: { os: 'linux', architecture },
    });
    const index = {
      schemaVersion: 2,
      mediaType: MediaType.ociIndex,
      manifests: [entry(arm, 'arm64'), entry(amd, 'amd64')],
    };
    const bytes = new TextEncoder().encode(JSON.stringify(index));
    expect(await client().putManifest(repo, 'multi', { mediaType: MediaType.ociIndex, bytes })).toBe(sha256(bytes));

    expect(await client().resolve(`${repo}:multi`)).toEqual({
      digest: sha256(bytes),
      mediaType: MediaType.ociIndex,
      size: bytes.length,
    });
    expect(await client().platformDigests(`${repo}:multi`)).toEqual([
      {
        platform: 'linux/arm64',
        digest: arm.manifestDigest,
        mediaType: MediaType.ociManifest,
        size: arm.manifestBytes.length,
      },
      {
        platform: 'linux/amd64',
        digest: amd.manifestDigest,
        mediaType: MediaType.ociManifest,
        size: amd.manifestBytes.length,
      },
    ]);
    expect(await client().imageLabels(`${repo}:multi`)).toEqual({ arch: 'amd' });
    expect(await client().imageLabels(`${repo}:multi`, { platform: 'linux/arm64' })).toEqual({ arch: 'arm' });
    const missing = await client()
      .imageConfig(`${repo}:multi`, { platform: 'linux/s390x' })
      .catch((e: unknown) => e);
    expect(missing).toMatchObject({ kind: 'not-found' });
    expect((missing as RegistryError).hint).toContain('linux/arm64, linux/amd64');
  });

  // Registry 2.8 ignores `n` and answers every tag at once; Link pages are tested against a fake server.
  it('lists every tag when asked for small pages', async () => {
    const repo = `${registry.host}/acme/base`;
    const tags = ['p1', 'p2', 'p3', 'p4', 'p5'];
    await client().tagMany(repo, base.manifestDigest, tags);
    const listed = await client().listTags(repo, { pageSize: 2 });
    expect(listed.sort()).toEqual(['1.0', '1.0-r1', 'latest', ...tags].sort());
    expect(await client().listTags(`${registry.host}/acme/never-pushed`)).toEqual([]);
  });

  it('reports a missing tag with a hint', async () => {
    const error = await client()
      .getManifest(`${registry.host}/acme/base:does-not-exist`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ kind: 'not-found', status: 404, host: registry.host });
    expect((error as RegistryError).hint).toContain('no such tag');
  });

  it.skipIf(!existsSync('/usr/bin/skopeo'))('pushes a layout written by skopeo copy', async () => {
    const dir = join(work, 'from-skopeo');
    execFileSync('/usr/bin/skopeo', [
      'copy',
      '--quiet',
      '--src-tls-verify=false',
      `docker://${registry.host}/acme/base:1.0`,
      `oci:${dir}`,
    ]);
    const index = JSON.parse(await readFile(join(dir, 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    const repo = `${registry.host}/acme/from-skopeo`;
    const pushed = await client().pushOciLayout(dir, repo, { mountFrom: [`${registry.host}/acme/base`] });
    expect(pushed.digest).toBe(index.manifests[0]?.digest);
    expect(pushed.blobs.map((b) => b.status)).toEqual(['mounted', 'mounted']);
    expect(await client().imageLabels(`${repo}@${pushed.digest}`)).toEqual(LABELS);
  });
});
