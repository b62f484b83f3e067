import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeLayout } from '../test/support/fake-layout.js';
import { blobPath, readOciConfig, readOciLayout } from './oci-layout.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-layout-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readOciLayout', () => {
  it('reads the manifest and config digests and the config', async () => {
    const layout = join(dir, 'one');
    const digests = await writeFakeLayout(layout, { a: 'b' });
    expect(await readOciLayout(layout)).toEqual({
      manifestDigest: digests.manifestDigest,
      configDigest: digests.configDigest,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
    });
    expect(await readOciConfig(layout)).toMatchObject({ config: { Labels: { a: 'b' } } });
  });

  it('refuses a layout with several manifests or none', async () => {
    const layout = join(dir, 'two');
    await writeFakeLayout(layout);
    const entry = { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${'b'.repeat(64)}` };
    await writeFile(join(layout, 'index.json'), JSON.stringify({ manifests: [entry, entry] }));
    await expect(readOciLayout(layout)).rejects.toThrow(/exactly one manifest, found 2/);
    await expect(readOciLayout(join(dir, 'missing'))).rejects.toThrow(/cannot read/);
  });

  it('refuses digests that would escape the blobs folder', () => {
    expect(() => blobPath('/l', 'sha256:../../etc/passwd')).toThrow(/invalid digest/);
    expect(blobPath('/l', `sha256:${'c'.repeat(64)}`)).toBe(`/l/blobs/sha256/${'c'.repeat(64)}`);
  });
});
