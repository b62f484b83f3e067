import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  aptArchiveSource,
  type Catalog,
  DEFAULT_OS_FAMILY,
  debianFamily,
  mirrorEnvironmentVariable,
  type NodeSecuritySource,
  type OsFamily,
  osFamily,
} from '@catalog/core';
import { UpstreamError } from './errors.js';

/** The environment variable naming the Debian security archive (the debian family's; shared with tools/base-rootfs.sh). */
export const SECURITY_MIRROR_ENV = debianFamily.security.mirrorEnv;

/** A security archive found, and what named it: the environment, the catalog's `mirrors:`, or apt. */
export interface FoundSecurityMirror {
  readonly url: string;
  readonly from: 'environment' | 'catalog' | 'apt';
  /** The environment variable that would override it. */
  readonly variable: string;
}

/**
 * The security archive's base URL, read at run time (never written into the repository): the
 * catalog mirror the image names (its CATALOG_MIRROR_<NAME> override first), else the family's
 * variable (Debian: CATALOG_DEBIAN_SECURITY_MIRROR), else the host's package sources (Debian: the
 * first apt source of a `*-security` suite).
 */
export async function securityMirror(
  catalog: Catalog,
  source: NodeSecuritySource,
  env: Readonly<Record<string, string | undefined>>,
  hostDir?: string,
  family: OsFamily = osFamily(DEFAULT_OS_FAMILY),
): Promise<string> {
  const found = await findSecurityMirror(catalog, source.mirror, env, hostDir, family);
  if (found) return found.url;
  const folder = family.security.suitePath(source.suite);
  throw new UpstreamError(
    `no ${family.title} security archive known for images.${source.image}.securityUpdates`,
    `set ${securityMirrorVariable(source.mirror, family)}=<URL of the archive that has ${folder}/>, or ${family.security.words.hostSourcesFix}`,
  );
}

/** The variable that names the security archive of a `securityUpdates` with this `mirror` (or none). */
export function securityMirrorVariable(
  mirror: string | undefined,
  family: OsFamily = osFamily(DEFAULT_OS_FAMILY),
): string {
  return mirror ? mirrorEnvironmentVariable(mirror) : family.security.mirrorEnv;
}

/**
 * The lookup of `securityMirror`, without failing: undefined when no archive is known. `mirror` is
 * the `securityUpdates.mirror` name, if any (without one: the lookup of tools/base-rootfs.sh).
 */
export async function findSecurityMirror(
  catalog: Catalog,
  mirror: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  hostDir?: string,
  family: OsFamily = osFamily(DEFAULT_OS_FAMILY),
): Promise<FoundSecurityMirror | undefined> {
  const variable = securityMirrorVariable(mirror, family);
  const trim = (url: string): string => url.replace(/\/+$/, '');
  const fromEnv = env[variable];
  if (fromEnv) return { url: trim(fromEnv), from: 'environment', variable };
  const fromCatalog = mirror ? catalog.mirrors[mirror] : undefined;
  if (fromCatalog) return { url: trim(fromCatalog), from: 'catalog', variable };
  const fromHost = await hostSecuritySite(family, hostDir);
  return fromHost ? { url: fromHost, from: 'apt', variable } : undefined;
}

/**
 * The security archive the host's package sources name, if any: the family's files in `dir`
 * (default its own folder, /etc/apt for Debian), then the files of its folders there, sorted.
 */
export async function hostSecuritySite(family: OsFamily, dir?: string): Promise<string | undefined> {
  const sources = family.security.hostSources;
  const root = dir ?? sources.dir;
  const files = sources.files.map((name) => join(root, name));
  for (const folder of sources.folders) {
    const entries = await readdir(join(root, folder)).catch(() => [] as string[]);
    files.push(...entries.sort().map((name) => join(root, folder, name)));
  }
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const site = family.security.hostSecuritySite(file, text);
    if (site) return site.replace(/\/+$/, '');
  }
  return undefined;
}

/** The URI of the first apt source (deb822 `.sources` or one-line `.list`) with a `-security` suite. */
export async function aptSecuritySite(aptDir: string): Promise<string | undefined> {
  return hostSecuritySite(debianFamily, aptDir);
}

/** The Debian archive the host's apt sources name first for the suite (e.g. trixie). */
export async function aptArchiveSite(suite: string, aptDir = '/etc/apt'): Promise<string | undefined> {
  const files = [join(aptDir, 'sources.list')];
  const entries = await readdir(join(aptDir, 'sources.list.d')).catch(() => [] as string[]);
  files.push(...entries.sort().map((name) => join(aptDir, 'sources.list.d', name)));
  for (const file of files) {
    const site = aptArchiveSource(file, await readFile(file, 'utf8').catch(() => ''), suite);
    if (site) return site;
  }
  return undefined;
}
