import type { Dirent } from 'node:fs';
import { readdir, readlink, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic, KeyPath, SourceMap } from '@catalog/core';

/**
 * Files the runner reads from the catalog's folder (templates, partials, build contexts) must be
 * inside it once symbolic links are followed: a catalog cannot pull /etc/hostname in as a Dockerfile
 * or copy a home folder into a build context through a link. Core checks what the catalog writes
 * (no absolute paths, no ".." out of the folder); this is the check on disk.
 */
export interface CatalogFolder {
  /** The folder as given (paths in messages are relative to it). */
  readonly root: string;
  /** The same folder with every symbolic link resolved. */
  readonly real: string;
}

export async function catalogFolder(root: string): Promise<CatalogFolder> {
  return { root, real: await realpath(root) };
}

/** Whether `path` (already resolved) is `folder` or inside it. */
export function isInside(folder: string, path: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}

/**
 * Where `path` (relative to the catalog's folder) really is: `{ real }` inside the folder,
 * `{ outside }` with the resolved path when a link leads out of it, undefined when it does not exist.
 */
export async function resolveInFolder(
  folder: CatalogFolder,
  path: string,
): Promise<{ real: string } | { outside: string } | undefined> {
  const absolute = resolve(folder.root, path);
  let real: string;
  try {
    real = await realpath(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
    // A dangling link still says where it points: judge it by its target.
    const target = await danglingTarget(absolute);
    if (target !== undefined && !isInside(folder.real, target)) return { outside: target };
    return undefined;
  }
  return isInside(folder.real, real) ? { real } : { outside: real };
}

async function danglingTarget(path: string): Promise<string | undefined> {
  try {
    const target = await readlink(path);
    return resolve(await realpath(dirname(path)).catch(() => dirname(path)), target);
  } catch {
    return undefined;
  }
}

/** A file or link found in a folder of the catalog. */
export interface FolderEntry {
  /** Relative to the catalog's folder, with "/" separators. */
  readonly file: string;
  readonly isLink: boolean;
}

/**
 * Every file and link under `dir` (relative to the catalog's folder), without following links into
 * other folders (Node's string `readdir({ recursive })` does follow them). Links that lead out of
 * the catalog's folder are passed to `onOutside` and left out. A missing folder has no entries.
 */
export async function listFolder(
  folder: CatalogFolder,
  dir: string,
  onOutside: (entry: FolderEntry, target: string) => void,
): Promise<FolderEntry[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(folder.root, dir), { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const found: FolderEntry[] = [];
  for (const dirent of entries) {
    if (dirent.isDirectory()) continue;
    const parent = (dirent as Dirent & { parentPath?: string }).parentPath ?? dirent.path;
    const file = relative(folder.root, join(parent, dirent.name)).split(sep).join('/');
    const entry = { file, isLink: dirent.isSymbolicLink() };
    if (entry.isLink) {
      const where = await resolveInFolder(folder, file);
      if (where && 'outside' in where) {
        onOutside(entry, where.outside);
        continue;
      }
    }
    found.push(entry);
  }
  return found.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** Builds the diagnostics of paths that lead out of the catalog's folder, positioned in the catalog. */
export function outsideDiagnostics(catalogFile: string, sourceMap: SourceMap | undefined) {
  const at = (path: KeyPath) => (sourceMap ? { position: sourceMap.valueAt(path) } : {});
  return {
    /** `template` or `context` itself resolves outside. */
    key(path: KeyPath, key: string, written: string, target: string): Diagnostic {
      return {
        code: 'path-outside',
        severity: 'error',
        file: catalogFile,
        ...at(path),
        path,
        message: `${key} ${JSON.stringify(written)} resolves to ${target}, outside the catalog's folder (through a symbolic link)`,
        hint: `the runner reads only files inside the catalog's folder: replace the link with the ${key === 'context' ? 'folder' : 'file'} itself, or point it inside`,
      };
    },
    /** A link inside a build context (or the partials folder) leads outside. */
    link(path: KeyPath | undefined, what: string, link: string, target: string): Diagnostic {
      return {
        code: 'path-outside',
        severity: 'error',
        file: path ? catalogFile : link,
        ...(path ? { ...at(path), path } : {}),
        message: `${what} holds ${JSON.stringify(link)}, a symbolic link to ${target}, outside the catalog's folder`,
        hint: "the runner reads only files inside the catalog's folder: replace the link with the file itself, or point it inside",
      };
    },
  };
}
