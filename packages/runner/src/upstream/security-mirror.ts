import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Catalog, mirrorEnvironmentVariable, type NodeSecuritySource } from '@catalog/core';
import { UpstreamError } from './errors.js';

/** The environment variable naming the Debian security archive (shared with tools/base-rootfs.sh). */
export const SECURITY_MIRROR_ENV = 'CATALOG_DEBIAN_SECURITY_MIRROR';

const APT_DIR = '/etc/apt';

/** A security archive found, and what named it: the environment, the catalog's `mirrors:`, or apt. */
export interface FoundSecurityMirror {
  readonly url: string;
  readonly from: 'environment' | 'catalog' | 'apt';
  /** The environment variable that would override it. */
  readonly variable: string;
}

/**
 * The Debian security archive's base URL, read at run time (never written into the repository):
 * the catalog mirror the image names (its CATALOG_MIRROR_<NAME> override first), else
 * CATALOG_DEBIAN_SECURITY_MIRROR, else the first apt source of a `*-security` suite.
 */
export async function securityMirror(
  catalog: Catalog,
  source: NodeSecuritySource,
  env: Readonly<Record<string, string | undefined>>,
  aptDir = APT_DIR,
): Promise<string> {
  const found = await findSecurityMirror(catalog, source.mirror, env, aptDir);
  if (found) return found.url;
  throw new UpstreamError(
    `no Debian security archive known for images.${source.image}.securityUpdates`,
    `set ${securityMirrorVariable(source.mirror)}=<URL of the archive that has dists/${source.suite}/>, or add a *-security suite to the apt sources`,
  );
}

/** The variable that names the security archive of a `securityUpdates` with this `mirror` (or none). */
export function securityMirrorVariable(mirror: string | undefined): string {
  return mirror ? mirrorEnvironmentVariable(mirror) : SECURITY_MIRROR_ENV;
}

/**
 * The lookup of `securityMirror`, without failing: undefined when no archive is known. `mirror` is
 * the `securityUpdates.mirror` name, if any (without one: the lookup of tools/base-rootfs.sh).
 */
export async function findSecurityMirror(
  catalog: Catalog,
  mirror: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  aptDir = APT_DIR,
): Promise<FoundSecurityMirror | undefined> {
  const variable = securityMirrorVariable(mirror);
  const trim = (url: string): string => url.replace(/\/+$/, '');
  const fromEnv = env[variable];
  if (fromEnv) return { url: trim(fromEnv), from: 'environment', variable };
  const fromCatalog = mirror ? catalog.mirrors[mirror] : undefined;
  if (fromCatalog) return { url: trim(fromCatalog), from: 'catalog', variable };
  const fromApt = await aptSecuritySite(aptDir);
  return fromApt ? { url: fromApt, from: 'apt', variable } : undefined;
}

/**
 * The URI of the first apt source (deb822 `.sources` or one-line `.list`, as apt reads them: other
 * files in sources.list.d are ignored, and so are stanzas with `Enabled: no`) with a `-security` suite.
 */
export async function aptSecuritySite(aptDir: string): Promise<string | undefined> {
  const files = [join(aptDir, 'sources.list')];
  const dir = join(aptDir, 'sources.list.d');
  const entries = await readdir(dir).catch(() => [] as string[]);
  files.push(
    ...entries
      .filter((name) => name.endsWith('.list') || name.endsWith('.sources'))
      .sort()
      .map((name) => join(dir, name)),
  );
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => '');
    const site = file.endsWith('.sources') ? fromDeb822(text) : fromOneLine(text);
    if (site) return site.replace(/\/+$/, '');
  }
  return undefined;
}

function fromDeb822(text: string): string | undefined {
  for (const stanza of text.split(/\n\s*\n/)) {
    const field = (name: string) => new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
    if (field('Enabled')?.toLowerCase() === 'no') continue;
    const suites = field('Suites')?.split(/\s+/) ?? [];
    const types = field('Types')?.split(/\s+/) ?? [];
    if (types.includes('deb') && suites.some((s) => s.endsWith('-security'))) return field('URIs')?.split(/\s+/)[0];
  }
  return undefined;
}

function fromOneLine(text: string): string | undefined {
  for (const line of text.split('\n')) {
    const words = line
      .replace(/\[[^\]]*\]/, '')
      .trim()
      .split(/\s+/);
    if (words[0] === 'deb' && words[2]?.endsWith('-security')) return words[1];
  }
  return undefined;
}
