import { rmSync } from 'node:fs';
import { chmod, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDENTITY_TOKEN_USERNAME } from './credential-helper.js';
import {
  type Credentials,
  type DefaultCredentialOptions,
  defaultCredentialProvider,
  PASSWORD_ENV,
  USERNAME_ENV,
} from './credentials.js';
import { canonicalHost } from './reference.js';

/**
 * A temporary auth file handed to a builder; remove it when done. One file serves every engine:
 * buildah and podman read it with `--authfile`, and its folder is a `DOCKER_CONFIG` for docker and
 * kaniko (a Docker config.json and a containers auth.json share the `auths` format).
 */
export interface BuilderAuthFile {
  /** The file (`<0700 temp dir>/config.json`, mode 0600). */
  readonly file: string;
  /** The hosts it holds credentials for. */
  readonly hosts: readonly string[];
  /** Removes the file and its folder; safe to call twice. */
  remove(): Promise<void>;
}

type StoredCredentials = Pick<Credentials, 'username' | 'password' | 'identityToken'>;

/**
 * `{"auths": {"host": {"auth": base64(user:pass)}}}` (an identity token as `identitytoken`, as
 * docker stores it), over `base`: the user's Docker config.json without its credential keys, so
 * docker keeps its other settings (current context, proxies) and asks no credential helper.
 */
export function authFileContent(
  entries: ReadonlyMap<string, StoredCredentials>,
  base: Readonly<Record<string, unknown>> = {},
): string {
  const { auths: _auths, credsStore: _store, credHelpers: _helpers, ...settings } = base;
  const auths: Record<string, { auth: string; identitytoken?: string }> = {};
  for (const [host, { username, password, identityToken }] of entries) {
    auths[host] =
      identityToken === undefined
        ? { auth: Buffer.from(`${username}:${password}`).toString('base64') }
        : { auth: Buffer.from(`${IDENTITY_TOKEN_USERNAME}:`).toString('base64'), identitytoken: identityToken };
  }
  return `${JSON.stringify({ ...settings, auths }, null, 2)}\n`;
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

/** Where a builder's auth file goes, and the user's Docker config folder it stands in for. */
export interface BuilderAuthFileOptions {
  /** The folder the temporary folder is made in (default: the system's temporary folder). */
  readonly parent?: string;
  /**
   * The user's Docker config folder (`$DOCKER_CONFIG`, else `~/.docker`): its config.json settings
   * are kept (credentials aside) and its other entries (buildx builders, contexts, CLI plugins)
   * are linked, so docker run with `DOCKER_CONFIG=<temp folder>` works as before.
   */
  readonly dockerConfigDir?: string;
}

/**
 * Writes the credentials into a fresh 0700 folder as a 0600 config.json for the builder; undefined
 * when there are none (the builder then reads its own default places). The file is also removed
 * when the process exits before `remove` is called.
 */
export async function writeBuilderAuthFile(
  credentials: ReadonlyMap<string, StoredCredentials>,
  options: BuilderAuthFileOptions = {},
): Promise<BuilderAuthFile | undefined> {
  if (credentials.size === 0) return undefined;
  // Named after this process, so a later run can remove it if this one is killed (removeStaleBuilderAuthFiles).
  const dir = await mkdtemp(join(options.parent ?? tmpdir(), `${AUTH_DIR_PREFIX}${process.pid}-`));
  const file = join(dir, 'config.json');
  const onExit = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', onExit);
  const remove = async () => {
    process.off('exit', onExit);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await chmod(dir, 0o700);
    const docker = options.dockerConfigDir;
    const base = docker === undefined ? {} : await readDockerSettings(docker);
    await writeFile(file, authFileContent(credentials, base), { mode: 0o600, flag: 'wx' });
    if (docker !== undefined) await linkDockerEntries(docker, dir);
  } catch (error) {
    await remove();
    throw error;
  }
  return { file, hosts: [...credentials.keys()], remove };
}

/** The user's Docker config.json as an object; {} when it is absent or unreadable (docker then starts fresh too). */
async function readDockerSettings(dockerConfigDir: string): Promise<Record<string, unknown>> {
  const text = await readFile(join(dockerConfigDir, 'config.json'), 'utf8').catch(() => '{}');
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/** Links every entry of the Docker config folder but config.json into the temporary one. */
async function linkDockerEntries(dockerConfigDir: string, dir: string): Promise<void> {
  const entries = await readdir(dockerConfigDir).catch(() => [] as string[]);
  for (const entry of entries) {
    if (entry !== 'config.json') await symlink(join(dockerConfigDir, entry), join(dir, entry));
  }
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
  credentials: ReadonlyMap<string, StoredCredentials>,
  use: (file: string | undefined) => Promise<T>,
): Promise<T> {
  const auth = await writeBuilderAuthFile(credentials);
  try {
    return await use(auth?.file);
  } finally {
    await auth?.remove();
  }
}
