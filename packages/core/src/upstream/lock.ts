import { CORE_SCHEMA, dump, load } from 'js-yaml';
import { z } from 'zod';
import { InvalidInputError } from '../errors.js';

/** The default name of the lock file, next to the catalog. */
export const LOCK_FILE = 'catalog.lock.yaml';

/** What an external parent's tag resolved to when it was locked. */
export interface LockedUpstream {
  /** The digest the tag pointed at: an index (multi-platform) or a single image manifest. */
  readonly digest: string;
  readonly mediaType: string;
  /** Platform (`linux/amd64`) → the digest of its single-platform manifest. */
  readonly platforms: Readonly<Record<string, string>>;
}

/** `catalog.lock.yaml`: every external parent (reference as written in the catalog) and its digests. */
export interface LockFile {
  readonly upstreams: Readonly<Record<string, LockedUpstream>>;
}

const DIGEST = z.string().regex(/^sha(256:[a-f0-9]{64}|512:[a-f0-9]{128})$/, 'expected a sha256:<64 hex> digest');

const lockSchema = z.strictObject({
  version: z.literal(1),
  upstreams: z
    .record(
      z.string().min(1),
      z.strictObject({ digest: DIGEST, mediaType: z.string().min(1), platforms: z.record(z.string().min(1), DIGEST) }),
    )
    .nullable()
    .optional(),
});

const HEADER = [
  '# catalog.lock.yaml: the digests the catalog builds its external parents from.',
  '# Written by `catalog upstream update` (and `catalog build --upstream-changed`); review it in PRs.',
].join('\n');

/** Parses a lock file's text; an InvalidInputError naming the file and what is wrong. */
export function parseLockFile(text: string, file: string): LockFile {
  let data: unknown;
  try {
    data = load(text, { schema: CORE_SCHEMA, filename: file });
  } catch (error) {
    throw lockError(file, `not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  if (data === undefined || data === null) return { upstreams: {} };
  const parsed = lockSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    throw lockError(file, `${path ? `${path}: ` : ''}${issue?.message ?? 'invalid'}`);
  }
  return { upstreams: parsed.data.upstreams ?? {} };
}

function lockError(file: string, message: string): InvalidInputError {
  return new InvalidInputError([
    {
      code: 'invalid-lock',
      severity: 'error',
      file,
      message,
      hint: `rewrite it with \`catalog upstream update\` (or delete ${file} and run that)`,
    },
  ]);
}

/** The lock file's text: keys sorted, one upstream per block, stable across runs (reviewable diffs). */
export function formatLockFile(lock: LockFile): string {
  const upstreams: Record<string, unknown> = {};
  for (const ref of Object.keys(lock.upstreams).sort()) {
    const entry = lock.upstreams[ref] as LockedUpstream;
    const platforms: Record<string, string> = {};
    for (const platform of Object.keys(entry.platforms).sort())
      platforms[platform] = entry.platforms[platform] as string;
    upstreams[ref] = { digest: entry.digest, mediaType: entry.mediaType, platforms };
  }
  const body = dump({ version: 1, upstreams }, { lineWidth: -1, noRefs: true, sortKeys: false });
  return `${HEADER}\n${body}`;
}

/** The lock with `updates` applied and entries no longer used by the catalog (`keep`) dropped. */
export function updateLock(
  lock: LockFile,
  updates: Readonly<Record<string, LockedUpstream>>,
  keep: readonly string[],
): LockFile {
  const upstreams: Record<string, LockedUpstream> = {};
  for (const ref of keep) {
    const entry = updates[ref] ?? lock.upstreams[ref];
    if (entry) upstreams[ref] = entry;
  }
  return { upstreams };
}
