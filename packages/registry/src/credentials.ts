import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { RegistryError } from './errors.js';
import { canonicalHost } from './reference.js';

/** A username and password for one registry. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
  /** Where they were found (an environment variable name or a file path), for messages. */
  readonly source: string;
}

/** Finds credentials for a registry host (`docker.io`, `127.0.0.1:5000`). */
export interface CredentialProvider {
  get(host: string): Promise<Credentials | undefined>;
  /** Where credentials are looked for, named in hints when none are found or they are refused. */
  readonly locations: readonly string[];
}

export const USERNAME_ENV = 'CATALOG_REGISTRY_USERNAME';
export const PASSWORD_ENV = 'CATALOG_REGISTRY_PASSWORD';

export interface DefaultCredentialOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads a file; undefined when it does not exist. */
  readonly readFile?: (path: string) => Promise<string | undefined>;
  readonly homeDir?: string;
}

/**
 * The standard places, in order: `CATALOG_REGISTRY_USERNAME` / `CATALOG_REGISTRY_PASSWORD` (for
 * any host), then the first auth file with an entry for the host: `$REGISTRY_AUTH_FILE`,
 * `$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`,
 * `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`.
 */
export function defaultCredentialProvider(options: DefaultCredentialOptions = {}): CredentialProvider {
  const env = options.env ?? process.env;
  const read = options.readFile ?? readOptionalFile;
  const files = authFilePaths(env, options.homeDir ?? homedir());
  return {
    locations: [`${USERNAME_ENV}/${PASSWORD_ENV}`, ...files],
    async get(host) {
      const username = env[USERNAME_ENV];
      const password = env[PASSWORD_ENV];
      if (username && password !== undefined) {
        return { username, password, source: `${USERNAME_ENV}/${PASSWORD_ENV}` };
      }
      for (const file of files) {
        const text = await read(file);
        if (text === undefined) continue;
        const found = credentialsInAuthFile(text, host, file);
        if (found) return found;
      }
      return undefined;
    },
  };
}

/** Fixed credentials per host (for tests and for callers that hold them already). */
export function staticCredentials(
  byHost: Readonly<Record<string, { username: string; password: string }>>,
): CredentialProvider {
  return {
    locations: ['the credentials given to the client'],
    async get(host) {
      const key = Object.keys(byHost).find((candidate) => canonicalHost(candidate) === canonicalHost(host));
      const entry = key === undefined ? undefined : byHost[key];
      return entry ? { ...entry, source: 'the credentials given to the client' } : undefined;
    },
  };
}

/** The auth files searched, in order. */
export function authFilePaths(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const files: string[] = [];
  if (env.REGISTRY_AUTH_FILE) files.push(env.REGISTRY_AUTH_FILE);
  if (env.XDG_RUNTIME_DIR) files.push(join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json'));
  files.push(join(home, '.config', 'containers', 'auth.json'));
  files.push(join(env.DOCKER_CONFIG ?? join(home, '.docker'), 'config.json'));
  return files;
}

/** The entry for `host` in a containers auth.json or Docker config.json; undefined when it has none. */
export function credentialsInAuthFile(text: string, host: string, file: string): Credentials | undefined {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    throw new RegistryError({
      kind: 'malformed',
      host,
      operation: `read credentials for ${host}`,
      reason: `${file} is not valid JSON`,
      hint: `fix or remove ${file}`,
    });
  }
  const auths = isRecord(document) && isRecord(document.auths) ? document.auths : {};
  const wanted = canonicalHost(host);
  for (const [key, entry] of Object.entries(auths)) {
    if (authKeyHost(key) !== wanted || !isRecord(entry)) continue;
    const found = decodeEntry(entry, file);
    if (found) return found;
  }
  return undefined;
}

function decodeEntry(entry: Record<string, unknown>, file: string): Credentials | undefined {
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), source: file };
  }
  if (typeof entry.username === 'string' && entry.username !== '' && typeof entry.password === 'string') {
    return { username: entry.username, password: entry.password, source: file };
  }
  return undefined;
}

/** `https://index.docker.io/v1/` → `docker.io`; `registry.example.com/ns` → `registry.example.com`. */
function authKeyHost(key: string): string {
  const withoutScheme = key.replace(/^[a-z]+:\/\//i, '');
  return canonicalHost(withoutScheme.split('/')[0] ?? '');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readOptionalFile(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}
