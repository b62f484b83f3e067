import { InvalidInputError } from '../errors.js';
import { IMMUTABLE_TAIL } from '../tags/rules.js';
import type { PublishedNode } from './model.js';

/**
 * What a build report (`catalog build --report FILE`, `out/last-build.json`) says about each node:
 * the digest, the newest `-rN` tag it moved and whether the smoke tests passed. Failed and skipped
 * nodes are left out. `text` is the file's content; `file` names it in errors.
 */
export function publishedFromReport(text: string, file: string): Map<string, PublishedNode> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw reportError(file, `not JSON: ${(error as Error).message}`);
  }
  const nodes = isObject(parsed) ? parsed.nodes : undefined;
  if (!Array.isArray(nodes)) throw reportError(file, 'not a build report: it has no "nodes" list');
  const published = new Map<string, PublishedNode>();
  nodes.forEach((entry: unknown, i) => {
    if (!isObject(entry) || typeof entry.id !== 'string' || typeof entry.status !== 'string') {
      throw reportError(file, `nodes[${i}] needs an "id" and a "status"`);
    }
    if (entry.status !== 'built' && entry.status !== 'up-to-date') return;
    const tags = Array.isArray(entry.tags) ? entry.tags.filter((t): t is string => typeof t === 'string') : [];
    const immutable = newestImmutable(tags);
    published.set(entry.id, {
      ...(typeof entry.digest === 'string' ? { digest: entry.digest } : {}),
      ...(immutable ? { immutableTag: immutable } : {}),
      testsPassed: true,
    });
  });
  return published;
}

/** The `-rN` tag with the highest N among `tags`, or undefined. */
export function newestImmutable(tags: readonly string[]): string | undefined {
  let best: { tag: string; revision: number } | undefined;
  for (const tag of tags) {
    const match = IMMUTABLE_TAIL.exec(tag);
    if (!match) continue;
    const revision = Number(match[1]);
    if (!best || revision > best.revision) best = { tag, revision };
  }
  return best?.tag;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function reportError(file: string, message: string): InvalidInputError {
  return new InvalidInputError([
    {
      code: 'build-report',
      severity: 'error',
      file,
      message,
      hint: 'pass the file `catalog build --report FILE` wrote, or leave out --report',
    },
  ]);
}
