import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OciLayoutError, RegistryClient, staticCredentials } from '../src/index.js';
import { type TestImage, writeTestOciLayout } from './oci-fixture.js';
import { recordingFetch } from './request-log.js';

/** A registry that has nothing: every HEAD is a 404, so the client goes on to read and verify the layout. */
const emptyRegistry = recordingFetch((async () => new Response(null, { status: 404 })) as typeof fetch);
const client = new RegistryClient({ fetch: emptyRegistry.fetch, env: {}, credentials: staticCredentials({}) });

let work: string;
let image: TestImage;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'catalog-layout-test-'));
  image = await writeTestOciLayout(join(work, 'image'));
  emptyRegistry.clear();
});
afterEach(() => rm(work, { recursive: true, force: true }));

function blobFile(digest: string): string {
  return join(image.layoutDir, 'blobs', 'sha256', digest.slice('sha256:'.length));
}

async function layoutError(): Promise<OciLayoutError> {
  const error = await client.pushOciLayout(image.layoutDir, '127.0.0.1:5000/acme/app').catch((e: unknown) => e);
  expect(error).toBeInstanceOf(OciLayoutError);
  return error as OciLayoutError;
}

describe('pushOciLayout on a broken layout', () => {
  it('needs the oci-layout file', async () => {
    await rm(join(image.layoutDir, 'oci-layout'));
    expect((await layoutError()).message).toContain('cannot read oci-layout (ENOENT)');
    expect(emptyRegistry.requests).toEqual([]);
  });

  it('needs exactly one manifest in index.json', async () => {
    const index = JSON.parse(await readFile(join(image.layoutDir, 'index.json'), 'utf8'));
    index.manifests.push(index.manifests[0]);
    await writeFile(join(image.layoutDir, 'index.json'), JSON.stringify(index));
    const error = await layoutError();
    expect(error.message).toContain('index.json lists 2 manifests, expected exactly one');
    expect(error.hint).toContain('own empty folder');
    expect(error.exitCode).toBe(1);
  });

  it('verifies every blob it uploads against its digest before uploading', async () => {
    const layer = image.layerDigests[0] ?? '';
    const bytes = await readFile(blobFile(layer));
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    await writeFile(blobFile(layer), bytes);
    expect((await layoutError()).message).toMatch(/hashes to sha256:[a-f0-9]{64}, not sha256:/);
    expect(emptyRegistry.writes()).toEqual([]);
  });

  it('verifies the manifest', async () => {
    await writeFile(blobFile(image.manifestDigest), '{"schemaVersion": 2}');
    expect((await layoutError()).message).toContain('hashes to');
  });

  it('checks blob sizes against the manifest', async () => {
    await writeFile(blobFile(image.configDigest), '{}');
    expect((await layoutError()).message).toMatch(/has 2 bytes, the manifest says \d+/);
  });

  it('reports a missing blob with its path', async () => {
    await rm(blobFile(image.configDigest));
    expect((await layoutError()).message).toContain(`blob ${image.configDigest} is missing`);
  });
});
