import { relative, resolve } from 'node:path';
import { type RunOptions, runProcess } from '@catalog/builders';
import { CatalogToolError } from '@catalog/core';

export class GitError extends CatalogToolError {
  readonly exitCode = 1;
}

export interface ChangeRequest {
  /** The catalog's folder; changed paths come back relative to it. */
  readonly root: string;
  /** The catalog file, relative to `root`. */
  readonly catalogFile: string;
  /** Compare from here; default: the merge base of HEAD with the main branch. */
  readonly base?: string;
  /** Compare to this commit; default: the working tree (uncommitted and untracked changes count). */
  readonly head?: string;
}

export interface Changes {
  readonly base: string;
  /** Changed paths relative to the catalog folder, '/'-separated; files outside it are left out. */
  readonly files: readonly string[];
  /** catalog.yaml at the base when it changed; undefined when it did not change or did not exist there. */
  readonly baseCatalogText?: string;
}

type Run = (argv: readonly string[], options: RunOptions) => Promise<{ exitCode: number }>;

/** Runs git in `cwd` and returns its stdout lines, or undefined when it fails. */
async function git(run: Run, cwd: string, args: string[]): Promise<string[] | undefined> {
  const lines: string[] = [];
  const result = await run(['git', ...args], {
    cwd,
    onLine: (line, stream) => stream === 'stdout' && lines.push(line),
  });
  return result.exitCode === 0 ? lines : undefined;
}

/** The merge base of HEAD with the main branch (origin/main, main, origin/master, master). */
async function defaultBase(run: Run, cwd: string): Promise<string> {
  for (const branch of ['origin/main', 'main', 'origin/master', 'master']) {
    const found = await git(run, cwd, ['merge-base', 'HEAD', branch]);
    if (found?.[0]) return found[0];
  }
  throw new GitError(
    'cannot find the main branch to compare with',
    'pass --base <ref> (e.g. the commit before the push), or --files',
  );
}

/**
 * What changed between two commits, or between a commit and the working tree, as the affected
 * selection needs it. Reads git only; the selection itself is core's pure `affectedNodes`.
 */
export async function gitChanges(request: ChangeRequest, run: Run = runProcess): Promise<Changes> {
  const top = (await git(run, request.root, ['rev-parse', '--show-toplevel']))?.[0];
  if (!top)
    throw new GitError(
      `${request.root} is not in a git repository`,
      'run inside a clone, or pass the changed paths with --files',
    );
  const base = request.base ?? (await defaultBase(run, top));
  const diff = await git(run, top, [
    'diff',
    '--name-only',
    '--no-renames',
    base,
    ...(request.head ? [request.head] : []),
    '--', // the refs are revisions, never paths
  ]);
  if (!diff) {
    if (!(await git(run, top, ['rev-parse', '--verify', `${base}^{commit}`]))) {
      throw new GitError(
        `unknown base "${base}"`,
        'pass a commit, branch or tag that exists (git fetch it first in shallow clones)',
      );
    }
    throw new GitError(`git diff ${base} ${request.head ?? ''} failed`, 'check the refs');
  }
  const untracked = request.head ? [] : ((await git(run, top, ['ls-files', '--others', '--exclude-standard'])) ?? []);
  const prefix = relative(top, resolve(request.root));
  const files = [...new Set([...diff, ...untracked])]
    .map((file) => relative(prefix, file))
    .filter((file) => file !== '' && !file.startsWith('..'))
    .sort();
  // The base's catalog is read only when the catalog changed: nothing else needs it.
  const catalogAtBase = [prefix, request.catalogFile].filter(Boolean).join('/');
  const text = files.includes(request.catalogFile)
    ? await git(run, top, ['show', `${base}:${catalogAtBase}`])
    : undefined;
  return { base, files, ...(text ? { baseCatalogText: `${text.join('\n')}\n` } : {}) };
}
