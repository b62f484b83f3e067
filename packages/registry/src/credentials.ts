import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { credentialsFromHelper, IDENTITY_TOKEN_USERNAME, type RunCredentialHelper } from './credential-helper.js';
import type { CredentialProvider, Credentials } from './credential-types.js';
import { RegistryError } from './errors.js';
import { canonicalHost } from './reference.js';

export type { CredentialProvider, Credentials } from './credential-types.js';

export const USERNAME_ENV = 'CATALOG_REGISTRY_USERNAME';
export const PASSWORD_ENV = 'CATALOG_REGISTRY_PASSWORD';

export interface DefaultCredentialOptions {
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Reads a file; undefined when it does not exist. */
  readonly readFile?: (path: string) => Promise<string | undefined>;
  readonly homeDir?: string;
  /** Runs credential helpers (`credHelpers`, `credsStore`); without it a configured helper is an error. */
  readonly runHelper?: RunCredentialHelper;
}

/**
 * The standard places, in order: `CATALOG_REGISTRY_USERNAME` / `CATALOG_REGISTRY_PASSWORD` (for
 * any host), then the first auth file with an entry for the host: `$REGISTRY_AUTH_FILE`,
 * `$XDG_RUNTIME_DIR/containers/auth.json`, `~/.config/containers/auth.json`,
 * `$DOCKER_CONFIG/config.json` or `~/.docker/config.json`. In each file, as docker reads it: the
 * host's credential helper (`credHelpers`), then the default one (`credsStore`), then `auths`.
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
        const found = await credentialsInConfig(text, host, file, options.runHelper);
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
  files.push(join(dockerConfigDir(env, home), 'config.json'));
  return files;
}

/** Docker's config folder: `$DOCKER_CONFIG`, else `~/.docker`. */
export function dockerConfigDir(env: Readonly<Record<string, string | undefined>>, home: string): string {
  return env.DOCKER_CONFIG || join(home, '.docker');
}

/**
 * The credentials for `host` from one auth file: its credential helper for the host
 * (`credHelpers`), else the default helper (`credsStore`), else its `auths` entry.
 */
export async function credentialsInConfig(
  text: string,
  host: string,
  file: string,
  runHelper: RunCredentialHelper | undefined,
): Promise<Credentials | undefined> {
  const document = parseAuthFile(text, host, file);
  const wanted = canonicalHost(host);
  const helpers = isRecord(document.credHelpers) ? document.credHelpers : {};
  const helper = Object.entries(helpers).find(([key]) => authKeyHost(key) === wanted)?.[1];
  if (typeof helper === 'string' && helper !== '') {
    return credentialsFromHelper(runHelper, helper, host, `${file} (credHelpers)`);
  }
  if (typeof document.credsStore === 'string' && document.credsStore !== '') {
    const stored = await credentialsFromHelper(runHelper, document.credsStore, host, `${file} (credsStore)`);
    if (stored) return stored;
  }
  return credentialsInAuthFile(text, host, file);
}

/** The entry for `host` in a containers auth.json or Docker config.json; undefined when it has none. */
export function credentialsInAuthFile(text: string, host: string, file: string): Credentials | undefined {
  const document = parseAuthFile(text, host, file);
  const auths = isRecord(document.auths) ? document.auths : {};
  const wanted = canonicalHost(host);
  for (const [key, entry] of Object.entries(auths)) {
    if (authKeyHost(key) !== wanted || !isRecord(entry)) continue;
    const found = decodeEntry(entry, file);
    if (found) return found;
  }
  return undefined;
}

function parseAuthFile(text: string, host: string, file: string): Record<string, unknown> {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    document = undefined;
  }
  if (isRecord(document)) return document;
  throw new RegistryError({
    kind: 'malformed',
    host,
    operation: `read credentials for ${host}`,
    reason: `${file} is not valid JSON${document === undefined ? '' : ' (expected an object)'}`,
    hint: `fix or remove ${file}`,
  });
}

function decodeEntry(entry: Record<string, unknown>, file: string): Credentials | undefined {
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    return { username: IDENTITY_TOKEN_USERNAME, password: '', identityToken: entry.identitytoken, source: file };
  }
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
