import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** The digest of `bytes` with the algorithm `algorithm` (`sha256` or `sha512`), e.g. `sha256:ab…`. */
export function digestOf(bytes: Uint8Array, algorithm = 'sha256'): string {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** The algorithm part of a digest (`sha256` for `sha256:ab…`). */
export function digestAlgorithm(digest: string): string {
  return digest.slice(0, digest.indexOf(':'));
}

/** Whether `bytes` hash to `digest` (using the digest's own algorithm). */
export function matchesDigest(bytes: Uint8Array, digest: string): boolean {
  return digestOf(bytes, digestAlgorithm(digest)) === digest;
}

/** Hashes a file by streaming it; returns its digest and size in bytes. */
export async function digestFile(path: string, algorithm = 'sha256'): Promise<{ digest: string; size: number }> {
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    hash.update(bytes);
    size += bytes.length;
  }
  return { digest: `${algorithm}:${hash.digest('hex')}`, size };
}

/** `sha256:0123456789ab…` shortened for messages. */
export function shortDigest(digest: string): string {
  const colon = digest.indexOf(':');
  return digest.length > colon + 13 ? `${digest.slice(0, colon + 13)}…` : digest;
}
