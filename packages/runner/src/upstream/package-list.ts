import { CYCLONEDX_MEDIA_TYPE } from '@catalog/core';
import type { RegistryClient } from '@catalog/registry';
import { UpstreamError } from './errors.js';

/** The artifact type of a node's published package list (`deb <name> <version>` lines; images published before the SBOM). */
export const PACKAGE_LIST_ARTIFACT = 'application/vnd.catalog.package-list.v1';
/** The in-toto statement of a node's SLSA provenance, stored as an artifact beside the image. */
export const PROVENANCE_ARTIFACT = 'application/vnd.in-toto+json';
const CREATED = 'org.opencontainers.image.created';

/** The tag a published image's package list is stored under: `sha256-<hex>.packages` (read only: older images). */
export function packageListTag(digest: string): string {
  return `${digest.replace(':', '-')}.packages`;
}

/** The tag of a published image's CycloneDX SBOM: `sha256-<hex>.sbom`. */
export function sbomTag(digest: string): string {
  return `${digest.replace(':', '-')}.sbom`;
}

/** The tag of a published image's provenance statement: `sha256-<hex>.provenance`. */
export function provenanceTag(digest: string): string {
  return `${digest.replace(':', '-')}.provenance`;
}

export type PackageListWriter = Pick<RegistryClient, 'pushArtifact'>;
export type PackageListReader = Pick<RegistryClient, 'fetchArtifact'>;

/** The image an artifact is about: its OCI `subject` (registries with the referrers API list it there). */
export interface ArtifactSubject {
  readonly digest: string;
  readonly mediaType: string;
  readonly size: number;
}

/**
 * Stores a published image's CycloneDX SBOM next to it in its repository (tag `sha256-<hex>.sbom`,
 * subject = the image), with the publish time, for `catalog upstream check`.
 */
export function publishSbom(
  registry: PackageListWriter,
  repository: string,
  subject: ArtifactSubject,
  json: string,
  now: Date,
): Promise<void> {
  return publishAttachment(registry, repository, subject, json, now, [sbomTag(subject.digest), CYCLONEDX_MEDIA_TYPE]);
}

/** Stores a published image's provenance statement next to it (tag `sha256-<hex>.provenance`, subject = the image). */
export function publishProvenance(
  registry: PackageListWriter,
  repository: string,
  subject: ArtifactSubject,
  json: string,
  now: Date,
): Promise<void> {
  const kind: Attachment = [provenanceTag(subject.digest), PROVENANCE_ARTIFACT];
  return publishAttachment(registry, repository, subject, json, now, kind);
}

/** An attachment's tag and media type. */
type Attachment = readonly [tag: string, mediaType: string];

/** A JSON document about an image, stored beside it as an OCI artifact whose subject is the image. */
async function publishAttachment(
  registry: PackageListWriter,
  repository: string,
  subject: ArtifactSubject,
  json: string,
  now: Date,
  [tag, mediaType]: Attachment,
): Promise<void> {
  await registry.pushArtifact(repository, tag, {
    artifactType: mediaType,
    mediaType,
    bytes: new TextEncoder().encode(json),
    subject: { digest: subject.digest, mediaType: subject.mediaType, size: subject.size },
    annotations: { [CREATED]: now.toISOString(), 'io.catalog.image.digest': subject.digest },
  });
}

/**
 * Stores a package list in the format of images published before the SBOM (`deb <name> <version>`
 * lines): builds no longer write it; tests publish one to check that the upstream check still reads it.
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

/** What a published image contains as recorded at publish time: its SBOM, else (older images) its package list. */
export type RecordedContents =
  | { readonly kind: 'sbom'; readonly bom: unknown; readonly publishedAt?: Date }
  | { readonly kind: 'package-list'; readonly text: string; readonly publishedAt?: Date };

/** The SBOM (or, for images published before it, the package list) recorded for an image digest; undefined when none was. */
export async function readPackageList(
  registry: PackageListReader,
  repository: string,
  digest: string,
): Promise<RecordedContents | undefined> {
  const sbom = await registry.fetchArtifact(`${repository}:${sbomTag(digest)}`);
  if (sbom) {
    try {
      const bom = JSON.parse(new TextDecoder().decode(sbom.bytes)) as unknown;
      return { kind: 'sbom', bom, ...publishedAt(sbom.annotations) };
    } catch (error) {
      throw new UpstreamError(
        `the SBOM stored at ${repository}:${sbomTag(digest)} is not JSON: ${(error as Error).message}`,
        'delete that tag and rebuild the image (catalog build --push) to store it again',
      );
    }
  }
  const found = await registry.fetchArtifact(`${repository}:${packageListTag(digest)}`);
  if (!found) return undefined;
  return { kind: 'package-list', text: new TextDecoder().decode(found.bytes), ...publishedAt(found.annotations) };
}

function publishedAt(annotations: Record<string, string>): { publishedAt?: Date } {
  const created = annotations[CREATED];
  const date = created ? new Date(created) : undefined;
  return date && !Number.isNaN(date.getTime()) ? { publishedAt: date } : {};
}
