import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Credentials,
  type DefaultCredentialOptions,
  defaultCredentialProvider,
  PASSWORD_ENV,
  USERNAME_ENV,
} from './credentials.js';
import { canonicalHost } from './reference.js';

/** A temporary containers-auth.json handed to a builder (`--authfile`); remove it when done. */
export interface BuilderAuthFile {
  /** The file (`<0700 temp dir>/auth.json`, mode 0600). */
  readonly file: string;
  /** The hosts it holds credentials for. */
  readonly hosts: readonly string[];
  /** Removes the file and its folder; safe to call twice. */
  remove(): Promise<void>;
}

/** `{"auths": {"host": {"auth": base64(user:pass)}}}`, the containers-auth.json format. */
export function authFileContent(entries: ReadonlyMap<string, Pick<Credentials, 'username' | 'password'>>): string {
  const auths: Record<string, { auth: string }> = {};
  for (const [host, { username, password }] of entries) {
    auths[host] = { auth: Buffer.from(`${username}:${password}`).toString('base64') };
  }
  return `${JSON.stringify({ auths }, null, 2)}\n`;
}

/**
 * The credentials the registry client would use for each host, by host: environment, then auth
 * files (see defaultCredentialProvider). `primary` is the catalog's registry: the environment's
 * CATALOG_REGISTRY_USERNAME/PASSWORD are meant for it only, so other hosts (external parents) get
 * credentials from auth files alone.
 */
export async function builderCredentials(
  options: DefaultCredentialOptions,
  primary: string,
  others: readonly string[] = [],
): Promise<Map<string, Credentials>> {
  const env = options.env ?? process.env;
  const withEnv = defaultCredentialProvider({ ...options, env });
  const { [USERNAME_ENV]: _username, [PASSWORD_ENV]: _password, ...withoutEnvCredentials } = env;
  const filesOnly = defaultCredentialProvider({ ...options, env: withoutEnvCredentials });
  const found = new Map<string, Credentials>();
  const first = canonicalHost(primary);
  for (const host of new Set([first, ...others.map(canonicalHost)])) {
    const credentials = await (host === first ? withEnv : filesOnly).get(host);
    if (credentials) found.set(host, credentials);
  }
  return found;
}

/**
 * Writes the credentials into a fresh 0700 folder as a 0600 auth.json for the builder; undefined
 * when there are none (the builder then reads its own default places). The file is also removed
 * when the process exits before `remove` is called.
 */
export async function writeBuilderAuthFile(
  credentials: ReadonlyMap<string, Pick<Credentials, 'username' | 'password'>>,
  parent: string = tmpdir(),
): Promise<BuilderAuthFile | undefined> {
  if (credentials.size === 0) return undefined;
  // Named after this process, so a later run can remove it if this one is killed (removeStaleBuilderAuthFiles).
  const dir = await mkdtemp(join(parent, `${AUTH_DIR_PREFIX}${process.pid}-`));
  const file = join(dir, 'auth.json');
  const onExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', onExit);
  const remove = async () => {
    process.off('exit', onExit);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await chmod(dir, 0o700);
    await writeFile(file, authFileContent(credentials), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, hosts: [...credentials.keys()], remove };
}

const AUTH_DIR_PREFIX = 'catalog-auth-';
const AUTH_DIR = /^catalog-auth-(\d+)-[A-Za-z0-9]+$/;

/** Whether the process `pid` is gone (signal 0 only checks; EPERM: it runs, as another user). */
function gone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the auth folders (`catalog-auth-<pid>-*`, see writeBuilderAuthFile) that runs killed
 * before they could remove them left in `parent`: only ours (this user's, named for a pid) and only
 * when that process is gone. Returns the folders removed.
 */
export async function removeStaleBuilderAuthFiles(parent: string = tmpdir()): Promise<string[]> {
  const removed: string[] = [];
  const names = await readdir(parent).catch(() => [] as string[]);
  for (const name of names) {
    const pid = Number(AUTH_DIR.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || !gone(pid)) continue;
    const dir = join(parent, name);
    const info = await stat(dir).catch(() => undefined);
    if (!info?.isDirectory() || info.uid !== process.getuid?.()) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(dir);
  }
  return removed;
}

/** Runs `use` with an auth file for the builder (or undefined when there are no credentials), then removes it. */
export async function withBuilderAuthFile<T>(
  credentials: ReadonlyMap<string, Pick<Credentials, 'username' | 'password'>>,
  use: (file: string | undefined) => Promise<T>,
): Promise<T> {
  const auth = await writeBuilderAuthFile(credentials);
  try {
    return await use(auth?.file);
  } finally {
    await auth?.remove();
  }
}
