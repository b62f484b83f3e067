import { Readable } from 'node:stream';
import { parseImageReference } from '@catalog/core';
import { repositoryScope } from './challenge.js';
import { digestAlgorithm, digestOf, shortDigest } from './digest.js';
import { RegistryError } from './errors.js';
import { mismatch } from './manifest-api.js';
import { assertDigest, canonicalHost, parseRepository, type RepositoryName } from './reference.js';
import { discard, type RequestBody, readBytes, type Transport } from './transport.js';

/** Blob content to upload; `open` is called for every attempt, so a failed upload restarts from the start. */
export interface BlobSource {
  readonly digest: string;
  readonly size: number;
  readonly open: () =>
    | ReadableStream<Uint8Array>
    | Uint8Array
    | NodeJS.ReadableStream
    | Promise<ReadableStream<Uint8Array> | Uint8Array | NodeJS.ReadableStream>;
}

export interface PushBlobOptions {
  /** Repositories to mount the blob from (`host/repo`, or `repo` on the same registry), tried in order. */
  readonly mountFrom?: string | readonly string[];
}

/** What pushBlob did: nothing (`exists`), a cross-repository mount, or an upload. */
export interface PushBlobResult {
  readonly digest: string;
  readonly size: number;
  readonly status: 'exists' | 'mounted' | 'uploaded';
}

/** HEAD the blob: true when the repository has it. */
export async function hasBlob(transport: Transport, name: RepositoryName, digest: string): Promise<boolean> {
  assertDigest(digest);
  const response = await transport.request({
    name,
    operation: `check blob ${shortDigest(digest)} in ${name.host}/${name.repository}`,
    method: 'HEAD',
    path: `blobs/${digest}`,
    expect: [200, 404],
  });
  await discard(response);
  return response.status === 200;
}

/** GET a blob of at most `maxBytes`, verified against its digest. */
export async function getBlob(
  transport: Transport,
  name: RepositoryName,
  digest: string,
  maxBytes: number,
): Promise<Uint8Array> {
  assertDigest(digest);
  const operation = `get blob ${shortDigest(digest)} from ${name.host}/${name.repository}`;
  const response = await transport.request({
    name,
    operation,
    method: 'GET',
    path: `blobs/${digest}`,
    expect: [200],
    hints: { notFound: `${name.host}/${name.repository} has no blob ${digest}; the image is incomplete` },
  });
  const bytes = await readBytes(response, maxBytes, { host: name.host, operation });
  const actual = digestOf(bytes, digestAlgorithm(digest));
  if (actual !== digest) throw mismatch({ host: name.host, operation }, digest, actual);
  return bytes;
}

/**
 * Uploads a blob unless the repository has it: a cross-repository mount first when `mountFrom`
 * names repositories on the same registry (201 → done), else `POST` an upload and `PUT` the
 * content in one request. A failed upload is restarted from a new upload session.
 */
export async function pushBlob(
  transport: Transport,
  name: RepositoryName,
  blob: BlobSource,
  options: PushBlobOptions = {},
): Promise<PushBlobResult> {
  if (await hasBlob(transport, name, blob.digest)) return { digest: blob.digest, size: blob.size, status: 'exists' };
  return uploadBlob(transport, name, blob, options);
}

/** pushBlob without the existence check: mount or upload. */
export async function uploadBlob(
  transport: Transport,
  name: RepositoryName,
  blob: BlobSource,
  options: PushBlobOptions = {},
): Promise<PushBlobResult> {
  assertDigest(blob.digest);
  const result = (status: PushBlobResult['status']): PushBlobResult => ({
    digest: blob.digest,
    size: blob.size,
    status,
  });
  const mounted = await tryMounts(transport, name, blob.digest, mountSources(name, options.mountFrom));
  if (mounted === true) return result('mounted');
  let session = mounted;
  await transport.retry.run(async () => {
    const location = session ?? (await startUpload(transport, name, blob.digest));
    session = undefined;
    await uploadMonolithic(transport, name, blob, location);
  });
  return result('uploaded');
}

/** Tries each mount; true when one worked, else the upload session the first refusal opened (if any). */
async function tryMounts(
  transport: Transport,
  name: RepositoryName,
  digest: string,
  sources: readonly string[],
): Promise<true | string | undefined> {
  let session: string | undefined;
  for (const from of sources) {
    const response = await transport.request({
      name,
      operation: `mount blob ${shortDigest(digest)} from ${from} into ${name.host}/${name.repository}`,
      method: 'POST',
      path: `blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`,
      push: true,
      extraScopes: [repositoryScope(from, false)],
      expect: [201, 202],
    });
    await discard(response);
    if (response.status === 201) return true;
    const location = response.headers.get('location');
    if (session === undefined && location) session = location;
  }
  return session;
}

/** Opens an upload session; returns its location. One attempt (the caller retries the whole upload). */
async function startUpload(transport: Transport, name: RepositoryName, digest: string): Promise<string> {
  const operation = `start upload of blob ${shortDigest(digest)} to ${name.host}/${name.repository}`;
  const response = await transport.send({
    name,
    operation,
    method: 'POST',
    path: 'blobs/uploads/',
    push: true,
    expect: [202],
  });
  await discard(response);
  const location = response.headers.get('location');
  if (location) return location;
  throw new RegistryError({
    host: name.host,
    operation,
    kind: 'malformed',
    status: 202,
    reason: 'the registry opened an upload without a Location header',
  });
}

/** `PUT <location>&digest=…` with the whole content, streamed. One attempt. */
async function uploadMonolithic(
  transport: Transport,
  name: RepositoryName,
  blob: BlobSource,
  location: string,
): Promise<void> {
  const url = new URL(location, transport.baseUrl(name));
  url.searchParams.set('digest', blob.digest);
  const operation = `upload blob ${shortDigest(blob.digest)} to ${name.host}/${name.repository}`;
  const response = await transport.send({
    name,
    operation,
    method: 'PUT',
    path: url.href,
    push: true,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) },
    body: async () => toBody(await blob.open()),
    expect: [201],
    hints: { rejected: `the content does not match digest ${blob.digest} and size ${blob.size}` },
  });
  await discard(response);
  const announced = response.headers.get('docker-content-digest');
  if (announced && announced !== blob.digest) throw mismatch({ host: name.host, operation }, blob.digest, announced);
}

/** Repositories on the same registry to mount from (others cannot be mounted from), without the target. */
function mountSources(name: RepositoryName, mountFrom: PushBlobOptions['mountFrom']): string[] {
  const list = typeof mountFrom === 'string' ? [mountFrom] : [...(mountFrom ?? [])];
  const sources: string[] = [];
  for (const entry of list) {
    const explicitHost = parseImageReference(entry)?.domain !== undefined;
    const source = parseRepository(explicitHost ? entry : `${name.host}/${entry}`);
    if (canonicalHost(source.host) !== canonicalHost(name.host)) continue;
    if (source.repository !== name.repository && !sources.includes(source.repository)) {
      sources.push(source.repository);
    }
  }
  return sources;
}

function toBody(content: ReadableStream<Uint8Array> | Uint8Array | NodeJS.ReadableStream): RequestBody {
  if (content instanceof Uint8Array || content instanceof ReadableStream) return content as RequestBody;
  const readable = content instanceof Readable ? content : Readable.from(content as AsyncIterable<Uint8Array>);
  return Readable.toWeb(readable) as unknown as RequestBody;
}
