/** POSIX path helpers for image and build-context paths (no node:path: core stays portable). */

/** Collapses `.`, `..` and repeated slashes; keeps a leading `/`; `''` becomes `.`. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else if (part !== '..' || !absolute) parts.push(part);
  }
  const joined = parts.join('/');
  if (absolute) return `/${joined}`;
  return joined === '' ? '.' : joined;
}

/** A path inside the build context: relative, normalized, `.` for the root. */
export function contextPath(path: string): string {
  return normalizePath(path.replace(/^\/+/, ''));
}

export function joinPath(base: string, path: string): string {
  return normalizePath(path.startsWith('/') ? path : `${base}/${path}`);
}

export function dirName(path: string): string {
  const normalized = normalizePath(path);
  const slash = normalized.lastIndexOf('/');
  if (slash < 0) return '.';
  return slash === 0 ? '/' : normalized.slice(0, slash);
}

export function fileName(path: string): string {
  const normalized = normalizePath(path);
  return normalized.slice(normalized.lastIndexOf('/') + 1);
}

/** Whether the path is absolute in a Linux or Windows image (`/app`, `C:\app`, `C:/app`). */
export function isAbsolute(path: string): boolean {
  return path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:[\\/]/.test(path);
}

export function hasGlob(path: string): boolean {
  return /[*?[]/.test(path);
}

/** Matches a file name against a Dockerfile/Go-style glob (`*`, `?`, `[...]`) without slashes. */
export function matchesGlob(pattern: string, name: string): boolean {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[' || ch === ']') source += ch;
    else source += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  try {
    return new RegExp(`^${source}$`).test(name);
  } catch {
    return false;
  }
}
