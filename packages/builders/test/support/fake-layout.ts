import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

async function writeBlob(dir: string, content: string): Promise<{ digest: string; size: number }> {
  const hex = createHash('sha256').update(content).digest('hex');
  await mkdir(join(dir, 'blobs', 'sha256'), { recursive: true });
  await writeFile(join(dir, 'blobs', 'sha256', hex), content);
  return { digest: `sha256:${hex}`, size: Buffer.byteLength(content) };
}

/** Writes a one-image OCI layout whose config carries `labels`; returns its digests. */
export async function writeFakeLayout(
  dir: string,
  labels: Record<string, string> = {},
): Promise<{ manifestDigest: string; configDigest: string }> {
  const config = await writeBlob(
    dir,
    JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Labels: labels } }),
  );
  const manifest = await writeBlob(
    dir,
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [],
    }),
  );
  await writeFile(join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
  const entry = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest };
  await writeFile(join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [entry] }));
  return { manifestDigest: manifest.digest, configDigest: config.digest };
}
