import { parseImageReference } from '@catalog/core';
import { InvalidReferenceError } from './errors.js';

/** Docker Hub's name in references, and the host its API answers on. */
export const DOCKER_HUB = 'docker.io';
const DOCKER_HUB_API = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** A repository on a registry: `host[:port]/path`. */
export interface RepositoryName {
  /** The registry as written (`docker.io` for Docker Hub, whatever alias was used). */
  readonly host: string;
  /** Where the API is spoken (`registry-1.docker.io` for Docker Hub). */
  readonly apiHost: string;
  /** The repository path (`library/debian`, `acme/python`). */
  readonly repository: string;
}

/** An image reference: a repository plus a tag and/or a digest (tag `latest` when neither). */
export interface RegistryReference extends RepositoryName {
  readonly tag?: string;
  readonly digest?: string;
}

const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;
const REFERENCE_FORMAT = 'host[:port]/repository[:tag][@digest], e.g. 127.0.0.1:5000/acme/python:3.13';
const REPOSITORY_FORMAT = 'host[:port]/repository without tag or digest, e.g. 127.0.0.1:5000/acme/python';

/**
 * Parses `host[:port]/repo/path[:tag][@digest]`. A reference without a registry host is on Docker
 * Hub, and a single-component Docker Hub path gets the `library/` prefix (`debian` → `docker.io/library/debian`).
 */
export function parseReference(text: string): RegistryReference {
  const parsed = parseImageReference(text);
  if (!parsed) throw new InvalidReferenceError(text, REFERENCE_FORMAT);
  if (parsed.digest !== undefined && !DIGEST.test(parsed.digest)) {
    throw new InvalidReferenceError(text, 'a sha256:<64 hex> or sha512:<128 hex> digest');
  }
  const name = repositoryName(parsed.domain, parsed.path);
  const tag = parsed.tag ?? (parsed.digest === undefined ? 'latest' : undefined);
  return { ...name, ...(tag !== undefined ? { tag } : {}), ...(parsed.digest ? { digest: parsed.digest } : {}) };
}

/** Parses `host[:port]/repo/path` (no tag, no digest), with the same Docker Hub defaults. */
export function parseRepository(text: string): RepositoryName {
  const parsed = parseImageReference(text);
  if (!parsed || parsed.tag !== undefined || parsed.digest !== undefined) {
    throw new InvalidReferenceError(text, REPOSITORY_FORMAT);
  }
  return repositoryName(parsed.domain, parsed.path);
}

/** Checks a digest's syntax (sha256 or sha512, lowercase hex). */
export function assertDigest(digest: string): void {
  if (!DIGEST.test(digest)) throw new InvalidReferenceError(digest, 'a sha256:<64 hex> or sha512:<128 hex> digest');
}

/** `host/repository:tag@digest`, the way it was meant (Docker Hub shown as `docker.io`). */
export function formatReference(ref: RegistryReference): string {
  return `${ref.host}/${ref.repository}${ref.tag !== undefined ? `:${ref.tag}` : ''}${ref.digest !== undefined ? `@${ref.digest}` : ''}`;
}

/** The tag or digest used in `/v2/<name>/manifests/<reference>` (the digest wins when both are given). */
export function manifestReference(ref: RegistryReference): string {
  return ref.digest ?? ref.tag ?? 'latest';
}

/** One key for every spelling of the same registry (Docker Hub aliases collapse to `docker.io`). */
export function canonicalHost(host: string): string {
  const lower = host.toLowerCase();
  return DOCKER_HUB_ALIASES.has(lower) ? DOCKER_HUB : lower;
}

function repositoryName(domain: string | undefined, path: string): RepositoryName {
  const host = domain ?? DOCKER_HUB;
  if (canonicalHost(host) !== DOCKER_HUB) return { host, apiHost: host, repository: path };
  const repository = path.includes('/') ? path : `library/${path}`;
  return { host: DOCKER_HUB, apiHost: DOCKER_HUB_API, repository };
}
