import { RegistryError } from './errors.js';
import type { RepositoryName } from './reference.js';
import type { ErrorContext } from './response-errors.js';
import { discard, readBytes, type Transport } from './transport.js';

export interface ListTagsOptions {
  /** Tags per page (`?n=`); the registry's default when absent. Every page is read either way. */
  readonly pageSize?: number;
}

const MAX_PAGE_BYTES = 16 * 1024 * 1024;

/** Every tag of a repository, following `Link: <…>; rel="next"` pages; [] when the repository does not exist. */
export async function listTags(
  transport: Transport,
  name: RepositoryName,
  options: ListTagsOptions = {},
): Promise<string[]> {
  const operation = `list tags of ${name.host}/${name.repository}`;
  const where = { host: name.host, operation };
  const tags: string[] = [];
  const seen = new Set<string>();
  let path: string | undefined = options.pageSize ? `tags/list?n=${options.pageSize}` : 'tags/list';
  while (path !== undefined) {
    if (seen.has(path)) throw malformed(where, `the registry's pages loop back to ${path}`);
    seen.add(path);
    const response = await transport.request({ name, operation, method: 'GET', path, expect: [200, 404] });
    if (response.status === 404) {
      await discard(response);
      if (seen.size === 1) return [];
      throw malformed(where, `a page of tags vanished (HTTP 404 on ${path})`);
    }
    tags.push(...readTags(await readBytes(response, MAX_PAGE_BYTES, where), where));
    path = nextLink(response.headers.get('link'));
  }
  return tags;
}

/** The target of the `rel="next"` link, if any. */
export function nextLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match?.[1] && /;\s*rel="?next"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}

function readTags(bytes: Uint8Array, where: ErrorContext): string[] {
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    throw malformed(where, 'the tag list is not valid JSON');
  }
  const tags = (body as { tags?: unknown } | null)?.tags;
  if (tags === null || tags === undefined) return [];
  if (!Array.isArray(tags) || !tags.every((tag) => typeof tag === 'string')) {
    throw malformed(where, 'the tag list has no array of strings `tags`');
  }
  return tags;
}

function malformed(where: ErrorContext, reason: string): RegistryError {
  return new RegistryError({ ...where, kind: 'malformed', reason });
}
