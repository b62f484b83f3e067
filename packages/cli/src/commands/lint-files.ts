import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InvalidInputError, isDockerfileName } from '@catalog/core';

/** Folders never searched for Dockerfiles. */
const SKIPPED = new Set(['.git', 'node_modules', '.nx']);

/**
 * The Dockerfiles the lint arguments name: files as given, folders searched recursively (sorted,
 * so output is stable). A path that does not exist, or a folder without any Dockerfile, is an
 * error rather than a silent pass.
 */
export async function dockerfilesIn(paths: readonly string[], cwd: string): Promise<string[]> {
  const found: string[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw notFound(path, 'no such file or folder', 'check the path');
    if (!info.isDirectory()) {
      found.push(path);
      continue;
    }
    const inside = await walk(absolute);
    if (inside.length === 0) {
      throw notFound(
        path,
        'no Dockerfile in this folder',
        'name files Dockerfile, Dockerfile.<name> or <name>.Dockerfile',
      );
    }
    found.push(...inside.map((file) => relative(cwd, file) || file));
  }
  return found;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && !SKIPPED.has(entry.name)) files.push(...(await walk(join(dir, entry.name))));
    else if (entry.isFile() && isDockerfileName(entry.name)) files.push(join(dir, entry.name));
  }
  return files;
}

function notFound(file: string, message: string, hint: string): InvalidInputError {
  return new InvalidInputError([{ code: 'file-not-found', severity: 'error', file, message, hint }]);
}
