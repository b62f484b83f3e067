import { describe, expect, it } from 'vitest';
import { type VerifyImageInput, verifyImage } from './verify-image.js';

const INDEX = 'application/vnd.oci.image.index.v1+json';
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const platforms = [
  { platform: 'linux/amd64', digest: 'sha256:a', mediaType: MANIFEST, size: 1 },
  { platform: 'linux/arm64', digest: 'sha256:b', mediaType: MANIFEST, size: 1 },
];

/** cosign as the checks see it: the image refs it accepts signatures of; no attestation verifies. */
function input(mediaType: string, signed: readonly string[]) {
  const asked: string[] = [];
  const value: VerifyImageInput = {
    reference: 'r.example/acme/os:13',
    verifier: { key: 'cosign.pub' },
    registry: {
      resolve: async () => ({ digest: 'sha256:top', mediaType, size: 1 }),
      platformDigests: async (ref) => (ref === 'r.example/acme/os@sha256:top' ? platforms : []),
    },
    query: async (argv) => {
      const ref = argv.at(-1) as string;
      asked.push(`${argv[1]} ${ref}`);
      if (argv[1] === 'verify' && signed.includes(ref)) return { exitCode: 0, stdout: '', stderr: '' };
      return { exitCode: 1, stdout: '', stderr: 'Error: no matching signatures' };
    },
    insecureRegistry: true,
    expectedCatalog: undefined,
  };
  return { value, asked };
}

describe('verifyImage', () => {
  it("checks an image index's signature, then each platform's manifest, by digest", async () => {
    const { value, asked } = input(INDEX, ['r.example/acme/os@sha256:top', 'r.example/acme/os@sha256:a']);
    const result = await verifyImage(value);
    expect(result.digest).toBe('sha256:top');
    expect(result.ok).toBe(false);
    expect(result.checks.map((c) => [c.platform, c.check, c.ok])).toEqual([
      [undefined, 'signature', true],
      ['linux/amd64', 'signature', true],
      ['linux/amd64', 'sbom', false],
      ['linux/amd64', 'provenance', false],
      ['linux/arm64', 'signature', false],
      ['linux/arm64', 'sbom', false],
      ['linux/arm64', 'provenance', false],
    ]);
    expect(result.checks[0]?.detail).toBe('image index (sha256:top): signed (key cosign.pub)');
    expect(result.checks[4]?.detail).toBe('linux/arm64 (sha256:b): cosign verify failed: no matching signatures');
    expect(asked[0]).toBe('verify r.example/acme/os@sha256:top');
    expect(asked.slice(1).every((a) => /@sha256:[ab]$/.test(a))).toBe(true);
  });

  it('fails an image index whose platforms are signed but the index is not (published before indexes were signed)', async () => {
    const { value } = input(INDEX, ['r.example/acme/os@sha256:a', 'r.example/acme/os@sha256:b']);
    const result = await verifyImage(value);
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toEqual({
      check: 'signature',
      ok: false,
      detail: 'image index (sha256:top): cosign verify failed: no matching signatures',
    });
    expect(result.checks.filter((c) => c.check === 'signature' && c.platform).every((c) => c.ok)).toBe(true);
  });

  it('checks a single-platform image as it is, with no platform', async () => {
    const { value, asked } = input(MANIFEST, ['r.example/acme/os@sha256:top']);
    const result = await verifyImage(value);
    expect(result.checks.map((c) => [c.platform, c.check, c.ok])).toEqual([
      [undefined, 'signature', true],
      [undefined, 'sbom', false],
      [undefined, 'provenance', false],
    ]);
    expect(asked).toHaveLength(3);
  });
});
