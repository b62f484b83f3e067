import { type QueryResult, runQuery } from '@catalog/builders';
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

type Run = (argv: readonly string[], options: { cwd: string }) => Promise<QueryResult>;

/** Runs git in `cwd` and returns its output, or undefined when it fails. */
async function gitText(run: Run, cwd: string, args: string[]): Promise<string | undefined> {
  const result = await run(['git', ...args], { cwd });
  return result.exitCode === 0 ? result.stdout : undefined;
}

/** Runs git in `cwd` and returns its output lines, or undefined when it fails. */
async function git(run: Run, cwd: string, args: string[]): Promise<string[] | undefined> {
  return (await gitText(run, cwd, args))?.split('\n').filter((line) => line !== '');
}

/** The merge base of HEAD with the main branch (origin/main, main, origin/master, master). */
async function defaultBase(run: Run, cwd: string): Promise<string> {
  for (const branch of ['origin/main', 'main', 'origin/master', 'master']) {
    const found = await git(run, cwd, ['merge-base', 'HEAD', branch]);
    if (found?.[0]) return found[0];
  }
  if (!(await git(run, cwd, ['rev-parse', '--git-dir']))) throw notARepository(cwd);
  throw new GitError(
    'cannot find the main branch to compare with',
    'pass --base <ref> (e.g. the commit before the push), or --files',
  );
}

function notARepository(cwd: string): GitError {
  return new GitError(
    `${cwd} is not in a git repository`,
    'run inside a clone, or pass the changed paths with --files',
  );
}

/** Why `git diff` failed: not a repository, or a base that is not a commit. */
async function diffError(run: Run, cwd: string, base: string, head: string | undefined): Promise<GitError> {
  if (!(await git(run, cwd, ['rev-parse', '--git-dir']))) return notARepository(cwd);
  if (!(await git(run, cwd, ['rev-parse', '--verify', `${base}^{commit}`]))) {
    return new GitError(
      `unknown base "${base}"`,
      'pass a commit, branch or tag that exists (git fetch it first in shallow clones)',
    );
  }
  return new GitError(`git diff ${base} ${head ?? ''} failed`, 'check the refs');
}

/**
 * What changed between two commits, or between a commit and the working tree, as the affected
 * selection needs it. Reads git only; the selection itself is core's pure `affectedNodes`.
 * Git runs in the catalog's folder: `--relative` keeps the paths under it, relative to it, so one
 * `git diff` (plus `ls-files` for untracked files, at the same time) answers a typical change.
 */
export async function gitChanges(request: ChangeRequest, run: Run = runQuery): Promise<Changes> {
  const cwd = request.root;
  const base = request.base ?? (await defaultBase(run, cwd));
  const head = request.head ? [request.head] : [];
  // `--` ends the revisions: a base named like a file is still read as a revision, never a path.
  const [diff, untracked] = await Promise.all([
    git(run, cwd, ['diff', '--name-only', '--no-renames', '--relative', base, ...head, '--']),
    request.head ? [] : git(run, cwd, ['ls-files', '--others', '--exclude-standard']),
  ]);
  if (!diff) throw await diffError(run, cwd, base, request.head);
  const files = [...new Set([...diff, ...(untracked ?? [])])].sort();
  // The base's catalog is read only when the catalog changed: nothing else needs it.
  const text = files.includes(request.catalogFile)
    ? await gitText(run, cwd, ['show', `${base}:./${request.catalogFile}`])
    : undefined;
  return { base, files, ...(text ? { baseCatalogText: text } : {}) };
}
