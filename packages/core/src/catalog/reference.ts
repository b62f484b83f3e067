/** An image reference split into its parts: `[domain/]path[:tag][@digest]`. */
export interface ImageReference {
  readonly domain?: string;
  readonly path: string;
  readonly tag?: string;
  readonly digest?: string;
}

const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;
const PATH_PATTERN = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;
const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Parses a reference following the distribution grammar; undefined when it is not one. */
export function parseImageReference(text: string): ImageReference | undefined {
  const at = text.indexOf('@');
  const digest = at >= 0 ? text.slice(at + 1) : undefined;
  let rest = at >= 0 ? text.slice(0, at) : text;
  if (digest !== undefined && !DIGEST_PATTERN.test(digest)) return undefined;
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_PATTERN.test(tag)) return undefined;
  }
  let domain: string | undefined;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    rest = rest.slice(slash + 1);
  }
  if (!PATH_PATTERN.test(rest)) return undefined;
  return { path: rest, ...(domain ? { domain } : {}), ...(tag ? { tag } : {}), ...(digest ? { digest } : {}) };
}

/** External parents are written with a registry path (`docker.io/library/debian:13`) or a digest. */
export function looksExternal(from: string): boolean {
  return from.includes('/') || from.includes('@');
}
