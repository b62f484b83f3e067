import type { RegistryClient } from '@catalog/registry';

/** The artifact type of a node's published package list. */
export const PACKAGE_LIST_ARTIFACT = 'application/vnd.catalog.package-list.v1';
const CREATED = 'org.opencontainers.image.created';

/** The tag a published image's package list is stored under: `sha256-<hex>.packages`. */
export function packageListTag(digest: string): string {
  return `${digest.replace(':', '-')}.packages`;
}

export type PackageListWriter = Pick<RegistryClient, 'pushArtifact'>;
export type PackageListReader = Pick<RegistryClient, 'fetchArtifact'>;

/**
 * Stores what a published image contains (its bill of materials: `deb <name> <version>` lines)
 * next to it in its repository, with the publish time, for `catalog upstream check`.
 */
export async function publishPackageList(
  registry: PackageListWriter,
  repository: string,
  digest: string,
  text: string,
  now: Date,
): Promise<void> {
  await registry.pushArtifact(repository, packageListTag(digest), {
    artifactType: PACKAGE_LIST_ARTIFACT,
    mediaType: 'text/plain; charset=utf-8',
    bytes: new TextEncoder().encode(text),
    annotations: { [CREATED]: now.toISOString(), 'io.catalog.image.digest': digest },
  });
}

/** The package list and publish time recorded for an image digest; undefined when none was. */
export async function readPackageList(
  registry: PackageListReader,
  repository: string,
  digest: string,
): Promise<{ text: string; publishedAt?: Date } | undefined> {
  const found = await registry.fetchArtifact(`${repository}:${packageListTag(digest)}`);
  if (!found) return undefined;
  const created = found.annotations[CREATED];
  const date = created ? new Date(created) : undefined;
  return {
    text: new TextDecoder().decode(found.bytes),
    ...(date && !Number.isNaN(date.getTime()) ? { publishedAt: date } : {}),
  };
}
