import {
  type Catalog,
  type CatalogGraph,
  type CatalogNode,
  familyResolver,
  formatAge,
  type InstalledPackage,
  imageSpec,
  nodeSecuritySource,
  OS_FAMILIES,
  type OsFamilies,
  type OsFamily,
  osFamily,
  packageFixes,
  parseDuration,
  repositoryOf,
  type SecurityFix,
  sbomOsPackages,
  tagReference,
} from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { type PackageListReader, type RecordedContents, readPackageList } from './package-list.js';
import type { IndexRequest } from './security-index.js';

export type PublishedImageReader = Pick<RegistryClient, 'resolve' | 'imageLabels'> &
  PackageListReader &
  Partial<Pick<RegistryClient, 'readImageFile'>>;

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
  /** The OS families the nodes may have (default OS_FAMILIES). */
  readonly families?: OsFamilies;
}

/**
 * Checks the published image of every node that has a security source or a maximum age: its
 * recorded package list against its OS family's security index, its publish time against `rebuildAfter`.
 */
export async function checkPublishedImages(
  context: ImageCheckContext,
): Promise<{ findings: ImageFinding[]; notes: ImageNote[] }> {
  const findings: ImageFinding[] = [];
  const notes: ImageNote[] = [];
  const families = context.families ?? OS_FAMILIES;
  const familyOf = familyResolver(context.catalog, context.graph);
  for (const node of context.graph.order) {
    const image = imageSpec(context.catalog, node.image);
    const source = nodeSecuritySource(context.catalog, context.graph, node, families);
    if (!source && !image.rebuildAfter) continue;
    const repository = repositoryOf(context.catalog.registry, node.image);
    const resolved = await context.registry.resolve(tagReference(context.catalog.registry, node));
    if (!resolved) {
      notes.push({ id: node.id, note: 'not published yet' });
      continue;
    }
    const list = await readPackageList(context.registry, repository, resolved.digest);
    const finding: { -readonly [K in keyof ImageFinding]: ImageFinding[K] } = { id: node.id };
    const family = osFamily(familyOf(node), families);
    const published = { node, family, repository, digest: resolved.digest };
    const installed = source ? await installedPackages(context, published, list, notes) : [];
    if (source && installed.length > 0) {
      const fixes = await fixesFor(context, node, family, source, installed);
      if (fixes.length > 0) Object.assign(finding, { fixes, suite: source.suite });
    }
    const age = await ageOf(context, node, list?.publishedAt, image.rebuildAfter);
    if (age) finding.age = age;
    if (finding.fixes || finding.age) findings.push(finding);
  }
  return { findings, notes };
}

/** A published image of a node, with the node's OS family. */
interface PublishedImage {
  readonly node: CatalogNode;
  readonly family: OsFamily;
  readonly repository: string;
  readonly digest: string;
}

/**
 * The packages an image holds: its SBOM's OS packages, else its recorded package list (images
 * published before the SBOM), else (images published before the
 * upstream watch, or with --no-test) its family's package database read from its layers (Debian:
 * the dpkg status file), with a note.
 */
async function installedPackages(
  context: ImageCheckContext,
  { node, family, repository, digest }: PublishedImage,
  list: RecordedContents | undefined,
  notes: ImageNote[],
): Promise<InstalledPackage[]> {
  if (list?.kind === 'sbom') return sbomOsPackages(list.bom, family.packageList.purlType);
  if (list) return family.packageList.parse(list.text);
  const fallback = 'no package list recorded (built before the upstream watch, or with --no-test)';
  const read = context.registry.readImageFile?.bind(context.registry);
  const platform = node.platforms[0] as string;
  const database = family.installedDatabase.path;
  try {
    const found = read ? await read(`${repository}@${digest}`, database, { platform }) : undefined;
    if (found) {
      notes.push({ id: node.id, note: `${fallback}: read /${database} from its layers; rebuild it to record one` });
      return family.installedDatabase.parse(new TextDecoder().decode(found));
    }
    notes.push({ id: node.id, note: `${fallback}, and no /${database} in its layers` });
  } catch (error) {
    notes.push({ id: node.id, note: `${fallback}; its layers could not be read: ${(error as Error).message}` });
  }
  return [];
}

async function fixesFor(
  context: ImageCheckContext,
  node: CatalogNode,
  family: OsFamily,
  { suite, components }: { suite: string; components: readonly string[] },
  installed: readonly InstalledPackage[],
): Promise<SecurityFix[]> {
  const fixes = new Map<string, SecurityFix>();
  for (const platform of node.platforms) {
    for (const component of components) {
      const architecture = family.security.architecture(platform);
      const index = await context.index({ suite, component, architecture }, node);
      for (const fix of packageFixes(installed, index, family.compareVersions)) {
        if (!fixes.has(fix.name)) fixes.set(fix.name, fix);
      }
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
