import {
  type Catalog,
  type CatalogGraph,
  type CatalogNode,
  debianArchitecture,
  formatAge,
  type InstalledPackage,
  imageSpec,
  nodeSecuritySource,
  parseDpkgStatus,
  parseDuration,
  parseInstalledPackages,
  repositoryOf,
  type SecurityFix,
  securityFixes,
  tagReference,
} from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { type PackageListReader, readPackageList } from './package-list.js';
import type { IndexRequest } from './security-index.js';

export type PublishedImageReader = Pick<RegistryClient, 'resolve' | 'imageLabels'> &
  PackageListReader &
  Partial<Pick<RegistryClient, 'readImageFile'>>;

/** Where dpkg keeps the installed packages, read from the layers of images without a package list. */
const DPKG_STATUS = 'var/lib/dpkg/status';

/** What the published image of one node holds that needs a rebuild. */
export interface ImageFinding {
  readonly id: string;
  /** Installed packages with a newer version in the security suite. */
  readonly fixes?: readonly SecurityFix[];
  readonly suite?: string;
  /** Older than the image's `rebuildAfter`. */
  readonly age?: { readonly age: string; readonly rebuildAfter: string };
}

/** A node the check could not judge (not published, no package list): reported, never selected. */
export interface ImageNote {
  readonly id: string;
  readonly note: string;
}

export interface ImageCheckContext {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  readonly registry: PublishedImageReader;
  readonly now: Date;
  /** The security index of a suite (newest version per package), cached by the caller. */
  readonly index: (request: Omit<IndexRequest, 'mirror'>, node: CatalogNode) => Promise<ReadonlyMap<string, string>>;
}

/**
 * Checks the published image of every node that has a Debian security source or a maximum age:
 * its recorded package list against the suite's index, its publish time against `rebuildAfter`.
 */
export async function checkPublishedImages(
  context: ImageCheckContext,
): Promise<{ findings: ImageFinding[]; notes: ImageNote[] }> {
  const findings: ImageFinding[] = [];
  const notes: ImageNote[] = [];
  for (const node of context.graph.order) {
    const image = imageSpec(context.catalog, node.image);
    const source = nodeSecuritySource(context.catalog, context.graph, node);
    if (!source && !image.rebuildAfter) continue;
    const repository = repositoryOf(context.catalog.registry, node.image);
    const published = await context.registry.resolve(tagReference(context.catalog.registry, node));
    if (!published) {
      notes.push({ id: node.id, note: 'not published yet' });
      continue;
    }
    const list = await readPackageList(context.registry, repository, published.digest);
    const finding: { -readonly [K in keyof ImageFinding]: ImageFinding[K] } = { id: node.id };
    const installed = source ? await installedPackages(context, node, repository, published.digest, list, notes) : [];
    if (source && installed.length > 0) {
      const fixes = await fixesFor(context, node, source.suite, source.components, installed);
      if (fixes.length > 0) Object.assign(finding, { fixes, suite: source.suite });
    }
    const age = await ageOf(context, node, list?.publishedAt, image.rebuildAfter);
    if (age) finding.age = age;
    if (finding.fixes || finding.age) findings.push(finding);
  }
  return { findings, notes };
}

/**
 * The packages an image holds: its recorded package list, else (images published before the
 * upstream watch, or with --no-test) the dpkg status file read from its layers, with a note.
 */
async function installedPackages(
  context: ImageCheckContext,
  node: CatalogNode,
  repository: string,
  digest: string,
  list: { text: string } | undefined,
  notes: ImageNote[],
): Promise<InstalledPackage[]> {
  if (list) return parseInstalledPackages(list.text);
  const fallback = 'no package list recorded (built before the upstream watch, or with --no-test)';
  const read = context.registry.readImageFile?.bind(context.registry);
  const platform = context.catalog.platforms[0] ?? 'linux/amd64';
  try {
    const status = read ? await read(`${repository}@${digest}`, DPKG_STATUS, { platform }) : undefined;
    if (status) {
      notes.push({ id: node.id, note: `${fallback}: read /${DPKG_STATUS} from its layers; rebuild it to record one` });
      return parseDpkgStatus(new TextDecoder().decode(status));
    }
    notes.push({ id: node.id, note: `${fallback}, and no /${DPKG_STATUS} in its layers` });
  } catch (error) {
    notes.push({ id: node.id, note: `${fallback}; its layers could not be read: ${(error as Error).message}` });
  }
  return [];
}

async function fixesFor(
  context: ImageCheckContext,
  node: CatalogNode,
  suite: string,
  components: readonly string[],
  installed: readonly InstalledPackage[],
): Promise<SecurityFix[]> {
  const fixes = new Map<string, SecurityFix>();
  for (const platform of context.catalog.platforms) {
    for (const component of components) {
      const index = await context.index({ suite, component, architecture: debianArchitecture(platform) }, node);
      for (const fix of securityFixes(installed, index)) if (!fixes.has(fix.name)) fixes.set(fix.name, fix);
    }
  }
  return [...fixes.values()];
}

async function ageOf(
  context: ImageCheckContext,
  node: CatalogNode,
  publishedAt: Date | undefined,
  rebuildAfter: string | undefined,
): Promise<ImageFinding['age']> {
  const limit = rebuildAfter ? parseDuration(rebuildAfter) : undefined;
  if (!rebuildAfter || limit === undefined) return undefined;
  let since = publishedAt;
  if (!since) {
    const labels = await context.registry.imageLabels(tagReference(context.catalog.registry, node));
    const created = labels['org.opencontainers.image.created'];
    since = created ? new Date(created) : undefined;
  }
  if (!since || Number.isNaN(since.getTime())) return undefined;
  const age = context.now.getTime() - since.getTime();
  return age > limit ? { age: formatAge(age), rebuildAfter } : undefined;
}
