import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Catalog, mirrorEnvironmentVariable, type NodeSecuritySource } from '@catalog/core';
import { UpstreamError } from './errors.js';

/** The environment variable naming the Debian security archive (shared with tools/base-rootfs.sh). */
export const SECURITY_MIRROR_ENV = 'CATALOG_DEBIAN_SECURITY_MIRROR';

const APT_DIR = '/etc/apt';

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
  const named = source.mirror
    ? env[mirrorEnvironmentVariable(source.mirror)] || catalog.mirrors[source.mirror]
    : env[SECURITY_MIRROR_ENV];
  if (named) return named.replace(/\/+$/, '');
  const fromApt = await aptSecuritySite(aptDir);
  if (fromApt) return fromApt;
  const variable = source.mirror ? mirrorEnvironmentVariable(source.mirror) : SECURITY_MIRROR_ENV;
  throw new UpstreamError(
    `no Debian security archive known for images.${source.image}.securityUpdates`,
    `set ${variable}=<URL of the archive that has dists/${source.suite}/>, or add a *-security suite to the apt sources`,
  );
}

/** The URI of the first apt source (deb822 `.sources` or one-line `.list`) with a `-security` suite. */
export async function aptSecuritySite(aptDir: string): Promise<string | undefined> {
  const files = [join(aptDir, 'sources.list')];
  const dir = join(aptDir, 'sources.list.d');
  const entries = await readdir(dir).catch(() => [] as string[]);
  files.push(...entries.sort().map((name) => join(dir, name)));
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
