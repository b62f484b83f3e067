import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { InvalidInputError, isDockerfileName, isYamlName } from '@catalog/core';

/** Folders never searched. */
const SKIPPED = new Set(['.git', 'node_modules', '.nx', '.catalog']);

/** A file of a consumer's repository that may reference the catalog's images. */
export interface ConsumerFile {
  /** As shown in messages: relative to the working folder when inside it. */
  readonly path: string;
  readonly absolute: string;
  readonly kind: 'dockerfile' | 'manifest';
}

/**
 * The Dockerfiles (`Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`…) and YAML files
 * (Kubernetes manifests) that `paths` name: files as given (a `.yaml`/`.yml` file is a manifest,
 * anything else a Dockerfile), folders searched recursively in name order. A path that does not
 * exist, or a folder with neither, is an error: never a silent "all current". Folders in `skip`
 * (the catalog's generated output) are not searched.
 */
export async function consumerFiles(
  paths: readonly string[],
  cwd: string,
  options: { readonly skip?: readonly string[] } = {},
): Promise<ConsumerFile[]> {
  const skip = new Set((options.skip ?? []).map((dir) => resolve(cwd, dir)));
  const found: ConsumerFile[] = [];
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw notFound(path, 'no such file or folder', 'check the path');
    if (!info.isDirectory()) {
      found.push({ path, absolute, kind: kindOf(absolute) ?? 'dockerfile' });
      continue;
    }
    const inside = await walk(absolute, skip);
    if (inside.length === 0) {
      const hint =
        'name Dockerfiles Dockerfile, Dockerfile.<name>, <name>.Dockerfile or Containerfile; manifests *.yaml';
      throw notFound(path, 'no Dockerfile, Containerfile or YAML manifest in this folder', hint);
    }
    found.push(...inside.map((file) => ({ ...file, path: shown(cwd, file.absolute) })));
  }
  return found;
}

function kindOf(path: string): ConsumerFile['kind'] | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (isDockerfileName(name)) return 'dockerfile';
  return isYamlName(name) ? 'manifest' : undefined;
}

async function walk(dir: string, skip: ReadonlySet<string>): Promise<Omit<ConsumerFile, 'path'>[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: Omit<ConsumerFile, 'path'>[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const absolute = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name) && !skip.has(absolute)) files.push(...(await walk(absolute, skip)));
    } else if (entry.isFile()) {
      const kind = kindOf(absolute);
      if (kind) files.push({ absolute, kind });
    }
  }
  return files;
}

function shown(cwd: string, absolute: string): string {
  const path = relative(cwd, absolute);
  return path === '' || path.startsWith('..') ? absolute : path;
}

function notFound(file: string, message: string, hint: string): InvalidInputError {
  return new InvalidInputError([{ code: 'file-not-found', severity: 'error', file, message, hint }]);
}
