import { digestAlgorithm, digestOf, matchesDigest } from './digest.js';
import { RegistryError } from './errors.js';
import { type Manifest, parseManifest } from './manifest.js';
import { bareMediaType, MANIFEST_ACCEPT } from './media-types.js';
import { formatReference, manifestReference, type RegistryReference, type RepositoryName } from './reference.js';
import type { ErrorContext } from './response-errors.js';
import { discard, readBytes, type Transport } from './transport.js';

/** What a tag or digest points to. */
export interface ManifestDescriptor {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/** A manifest with its exact bytes (needed to re-push it unchanged, e.g. under another tag). */
export interface FetchedManifest extends ManifestDescriptor {
  readonly bytes: Uint8Array;
  readonly manifest: Manifest;
}

/** The OCI distribution spec lets registries refuse manifests above 4 MiB. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/** HEAD the manifest; GET it when HEAD gives no digest. Undefined when the tag or digest does not exist. */
export async function resolveManifest(
  transport: Transport,
  ref: RegistryReference,
): Promise<ManifestDescriptor | undefined> {
  const response = await transport.request({
    name: ref,
    operation: `resolve ${formatReference(ref)}`,
    method: 'HEAD',
    path: `manifests/${manifestReference(ref)}`,
    headers: { accept: MANIFEST_ACCEPT },
    expect: [200, 404, 405],
  });
  await discard(response);
  if (response.status === 404) return undefined;
  const digest = response.headers.get('docker-content-digest');
  const mediaType = bareMediaType(response.headers.get('content-type'));
  const size = Number.parseInt(response.headers.get('content-length') ?? '', 10);
  if (response.status === 200 && digest && mediaType && Number.isFinite(size)) {
    if (ref.digest !== undefined && digest !== ref.digest) throw mismatch(context(ref, 'resolve'), ref.digest, digest);
    return { digest, mediaType, size };
  }
  const fetched = await fetchManifest(transport, ref);
  return fetched && { digest: fetched.digest, mediaType: fetched.mediaType, size: fetched.size };
}

/** GET the manifest, verified against the digest asked for (or announced); a RegistryError when absent. */
export async function getManifest(transport: Transport, ref: RegistryReference): Promise<FetchedManifest> {
  const fetched = await fetchManifest(transport, ref);
  if (fetched) return fetched;
  throw new RegistryError({
    ...context(ref, 'get manifest'),
    kind: 'not-found',
    status: 404,
    reason: 'HTTP 404 MANIFEST_UNKNOWN',
    hint: notFoundHint(ref),
  });
}

/** GET the manifest; undefined on 404. */
export async function fetchManifest(
  transport: Transport,
  ref: RegistryReference,
): Promise<FetchedManifest | undefined> {
  const where = context(ref, 'get manifest');
  const response = await transport.request({
    name: ref,
    operation: where.operation,
    method: 'GET',
    path: `manifests/${manifestReference(ref)}`,
    headers: { accept: MANIFEST_ACCEPT },
    expect: [200, 404],
    hints: { notFound: notFoundHint(ref) },
  });
  if (response.status === 404) {
    await discard(response);
    return undefined;
  }
  const bytes = await readBytes(response, MAX_MANIFEST_BYTES, where);
  const announced = response.headers.get('docker-content-digest') ?? undefined;
  const digest = verifiedDigest(bytes, ref.digest, announced, where);
  const parsed = parseManifest(bytes, bareMediaType(response.headers.get('content-type')));
  if (typeof parsed === 'string') {
    throw new RegistryError({
      ...where,
      kind: 'malformed',
      reason: parsed,
      hint: 'the registry holds content this client cannot read as an OCI or Docker v2 manifest',
    });
  }
  return { digest, mediaType: parsed.mediaType, size: bytes.length, bytes, manifest: parsed.manifest };
}

/** PUT a manifest under a tag or a digest; returns its digest (verified against the registry's answer). */
export async function putManifest(
  transport: Transport,
  name: RepositoryName,
  reference: string,
  content: { readonly mediaType: string; readonly bytes: Uint8Array },
): Promise<string> {
  const isDigest = reference.includes(':');
  const operation = `put manifest ${name.host}/${name.repository}${isDigest ? '@' : ':'}${reference}`;
  const where = { host: name.host, operation };
  const digest = digestOf(content.bytes, isDigest ? digestAlgorithm(reference) : 'sha256');
  if (isDigest && digest !== reference) throw mismatch(where, reference, digest);
  const response = await transport.request({
    name,
    operation,
    method: 'PUT',
    path: `manifests/${reference}`,
    push: true,
    headers: { 'content-type': content.mediaType },
    body: () => content.bytes,
    expect: [200, 201],
  });
  await discard(response);
  const announced = response.headers.get('docker-content-digest');
  if (announced && !matchesDigest(content.bytes, announced)) throw mismatch(where, digest, announced);
  return digest;
}

/** The digest of `bytes`, checked against the digest asked for and the one the registry announced. */
function verifiedDigest(
  bytes: Uint8Array,
  asked: string | undefined,
  announced: string | undefined,
  where: ErrorContext,
): string {
  if (asked !== undefined) {
    const actual = digestOf(bytes, digestAlgorithm(asked));
    if (actual !== asked) throw mismatch(where, asked, actual);
    return asked;
  }
  const actual = digestOf(bytes, announced ? digestAlgorithm(announced) : 'sha256');
  if (announced && actual !== announced) throw mismatch(where, announced, actual);
  return actual;
}

/** Content whose hash is not the digest it was asked or announced for. */
export function mismatch(where: ErrorContext, expected: string, actual: string): RegistryError {
  return new RegistryError({
    ...where,
    kind: 'digest-mismatch',
    reason: `digest mismatch: expected ${expected}, got ${actual}`,
    hint: 'the content was corrupted or changed in transit or storage; retry, and check the registry or proxy in between',
  });
}

function notFoundHint(ref: RegistryReference): string {
  const repository = `${ref.host}/${ref.repository}`;
  if (ref.digest !== undefined) return `no manifest ${ref.digest} in ${repository}`;
  return `no such tag: ${repository} has no tag '${ref.tag}' (or the repository does not exist); check the tag, or publish the image first`;
}

function context(ref: RegistryReference, verb: string): ErrorContext {
  return { host: ref.host, operation: `${verb} ${formatReference(ref)}` };
}
