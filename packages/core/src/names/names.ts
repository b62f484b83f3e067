import type { CatalogNode } from '../catalog/model.js';
import { parseImageReference } from '../catalog/reference.js';

/**
 * Every name of a node, in one place: where it is published (repository, references by tag and by
 * digest), its full version tag and the `-rN` form, its render folder, the name of its image in a
 * builder's local storage and its Nx project. Nothing else builds these strings.
 */

/** What a node's names are made of. */
export type NamedNode = Pick<CatalogNode, 'id' | 'image' | 'version' | 'variant'>;

/**
 * `3.13.5` or `3.1.1-python3.13`: the tag every publish of the node moves, and what each of its
 * immutable `-rN` tags starts with.
 */
export function fullVersionTag(node: Pick<CatalogNode, 'version' | 'variant'>): string {
  return node.variant === null ? node.version : `${node.version}-${node.variant}`;
}

/** The immutable tag of one publish: `3.13.5-python3.13-r2`. */
export function revisionTag(node: Pick<CatalogNode, 'version' | 'variant'>, revision: number): string {
  return `${fullVersionTag(node)}-r${revision}`;
}

/** Where an image of the catalog is published: `<registry>/<image>`. */
export function repositoryOf(registry: string, image: string): string {
  return `${registry}/${image}`;
}

/** `<registry>/<image>:<tag>`; the node's full version tag unless another tag is given. */
export function tagReference(registry: string, node: Pick<CatalogNode, 'image' | 'version' | 'variant'>, tag?: string) {
  return `${repositoryOf(registry, node.image)}:${tag ?? fullVersionTag(node)}`;
}

/** `<repository>@<digest>`: how a published image is pinned. */
export function digestReference(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}

/**
 * The repository of a reference, without its tag or digest (`docker.io/library/debian:13` →
 * `docker.io/library/debian`); undefined when the text is not a reference.
 */
export function repositoryOfReference(reference: string): string | undefined {
  const parsed = parseImageReference(reference);
  if (!parsed) return undefined;
  return parsed.domain ? `${parsed.domain}/${parsed.path}` : parsed.path;
}

/** The node's folder under a render or build output: `<image>/<full version tag>`. */
export function renderFolder(node: Pick<CatalogNode, 'image' | 'version' | 'variant'>): string {
  return `${node.image}/${fullVersionTag(node)}`;
}

/**
 * The name a node's image gets in a builder's local storage (never pushed under it). The storage is
 * shared by every workspace of the machine: `workspaceKey` (a hash of the output folder) keeps two
 * clones building the same image at once apart.
 */
export function localImageName(
  node: Pick<CatalogNode, 'image' | 'version' | 'variant'>,
  workspaceKey: string,
  platform?: string,
): string {
  const suffix = platform === undefined ? '' : `-${platformSlug(platform)}`;
  return `localhost/catalog-${workspaceKey}/${node.image}:${fullVersionTag(node)}${suffix}`;
}

/**
 * A platform in names of a node built for several (local image tags, OCI layout folders, logs):
 * `linux/arm64` → `linux-arm64`, `linux/arm/v7` → `linux-arm-v7`.
 */
export function platformSlug(platform: string): string {
  return platform.replace(/\//g, '-');
}

/** The Nx project of a node: its id with `@` for `:` (`python@3.13.5`); Nx reads `project:target`. */
export function nxProjectName(node: Pick<CatalogNode, 'id'>): string {
  return node.id.replace(':', '@');
}

/** The Nx project root of a node: `images/<image>/<full version tag>` under the catalog's folder ('' at the root). */
export function nxProjectRoot(catalogDir: string, node: Pick<CatalogNode, 'image' | 'version' | 'variant'>): string {
  const root = `images/${renderFolder(node)}`;
  return catalogDir === '' || catalogDir === '.' ? root : `${catalogDir.replace(/\/+$/, '')}/${root}`;
}

/**
 * The tag of a compiled artifact (see core/src/build/artifact.ts) beside the node's images:
 * `artifact-<sha256 hex of its key>`. Keyed by content inputs, so every machine finds the same one.
 */
export function artifactTag(key: string): string {
  return `artifact-${key.replace(/^sha256:/, '')}`;
}

/** `<registry>/<image>:artifact-<key>`: where a node's compiled artifact is stored. */
export function artifactReference(registry: string, node: Pick<CatalogNode, 'image'>, key: string): string {
  return `${repositoryOf(registry, node.image)}:${artifactTag(key)}`;
}

/** The artifact's name in a builder's local storage (see localImageName). */
export function localArtifactName(node: Pick<CatalogNode, 'image'>, workspaceKey: string, key: string): string {
  return `localhost/catalog-${workspaceKey}/${node.image}:${artifactTag(key)}`;
}
