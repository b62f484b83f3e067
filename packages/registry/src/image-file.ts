import { posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getBlob } from './blob-api.js';
import { RegistryError } from './errors.js';
import { singlePlatformManifest } from './image-api.js';
import type { ImageManifest } from './manifest.js';
import { formatReference, type RegistryReference } from './reference.js';
import type { Transport } from './transport.js';

/** Layers above this size are not downloaded to look for a file. */
const MAX_LAYER_BYTES = 1024 * 1024 * 1024;

/**
 * The content of one regular file of an image, as its filesystem shows it: layers are read from
 * the top down, and the first that holds the path (or deletes it with a whiteout) answers.
 * Undefined when no layer has it. Layers are downloaded whole (gzip or plain tar; zstd is an error).
 */
export async function readImageFile(
  transport: Transport,
  ref: RegistryReference,
  path: string,
  platform: string,
): Promise<Uint8Array | undefined> {
  const image = await singlePlatformManifest(transport, ref, platform);
  const layers = [...(image.manifest as ImageManifest).layers].reverse();
  const wanted = normalize(path);
  for (const layer of layers) {
    const blob = await getBlob(transport, ref, layer.digest, MAX_LAYER_BYTES);
    const tar = layer.mediaType.endsWith('gzip') ? gunzipSync(blob) : unsupported(ref, layer.mediaType, blob);
    const found = findInTar(new Uint8Array(tar.buffer, tar.byteOffset, tar.byteLength), wanted);
    if (found !== 'absent') return found === 'deleted' ? undefined : found;
  }
  return undefined;
}

function unsupported(ref: RegistryReference, mediaType: string, blob: Uint8Array): Uint8Array {
  if (mediaType.endsWith('.tar') || mediaType.endsWith('tar')) return blob;
  throw new RegistryError({
    host: ref.host,
    operation: `read the layers of ${formatReference(ref)}`,
    kind: 'malformed',
    reason: `layers of type ${mediaType} cannot be read here (gzip or plain tar only)`,
  });
}

function normalize(path: string): string {
  return posix.normalize(path).replace(/^(\.\/|\/)+/, '');
}

/**
 * Looks for `path` in a tar archive: its content, `deleted` when a whiteout (`.wh.<name>`, or an
 * opaque `.wh..wh..opq` in a parent folder) hides lower layers' copies, or `absent`.
 */
export function findInTar(tar: Uint8Array, path: string): Uint8Array | 'deleted' | 'absent' {
  const whiteout = posix.join(posix.dirname(path), `.wh.${posix.basename(path)}`);
  const opaque = (name: string) =>
    name.endsWith('/.wh..wh..opq') && path.startsWith(name.slice(0, -'.wh..wh..opq'.length));
  let longName: string | undefined;
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    offset += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = text(body, 0, body.length);
      continue;
    }
    const prefix = text(header, 345, 155);
    const name = normalize(longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100)));
    longName = undefined;
    if (name === whiteout || opaque(name)) return 'deleted';
    if (name === path && (type === '0' || type === '\0')) return body.slice();
  }
  return 'absent';
}

function text(bytes: Uint8Array, start: number, length: number): string {
  const slice = bytes.subarray(start, start + length);
  const end = slice.indexOf(0);
  return new TextDecoder().decode(end >= 0 ? slice.subarray(0, end) : slice);
}
