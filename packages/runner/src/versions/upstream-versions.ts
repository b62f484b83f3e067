import { readFile } from 'node:fs/promises';
import {
  type Catalog,
  type ProposedVersion,
  proposeVersion,
  selectCandidates,
  type UpdatesSpec,
  writeVersions,
} from '@catalog/core';
import { writeFileAtomic } from '../atomic-file.js';
import { UpstreamError } from '../upstream/errors.js';
import { catalogKeyAt, listReleases, type ReleaseSourceContext } from './release-sources.js';

/** One image's new releases: the index read and what its policy proposes. */
export interface ImageVersions {
  readonly image: string;
  readonly source: UpdatesSpec['source'];
  readonly policy: UpdatesSpec['policy'];
  readonly index: string;
  readonly proposals: readonly ProposedVersion[];
}

/**
 * The new releases of each image with `updates:` (of `images`, when given) that its policy allows,
 * with the checksums the index publishes. Any index that cannot be read, is malformed or lacks a
 * checksum the entry needs is an UpstreamError: no partial answer.
 */
export async function upstreamVersions(
  catalog: Catalog,
  context: ReleaseSourceContext,
  images?: readonly string[],
): Promise<ImageVersions[]> {
  const results: ImageVersions[] = [];
  for (const image of catalog.images) {
    const spec = image.updates;
    if (!spec || (images && !images.includes(image.name))) continue;
    const listing = await listReleases(image, spec, context);
    const proposals: ProposedVersion[] = [];
    for (const candidate of selectCandidates(image, spec, listing.releases)) {
      const files =
        candidate.release.files.length > 0 ? candidate.release.files : await listing.files(candidate.release);
      const proposal = proposeVersion(image, spec, { ...candidate, release: { ...candidate.release, files } });
      if ('problem' in proposal) {
        const entry = image.versions.find((v) => v.version === candidate.supersedes)?.path ?? image.path;
        const where = catalogKeyAt(context, entry);
        throw new UpstreamError(`${where}: ${proposal.problem} (index: ${listing.url})`, proposal.hint);
      }
      proposals.push(proposal.ok);
    }
    results.push({ image: image.name, source: spec.source, policy: spec.policy, index: listing.url, proposals });
  }
  return results;
}

/**
 * Writes the proposals into the catalog file: the text changes only where they change it, the
 * result must pass `validate` (the catalog's own loading) before anything is written, and it is
 * written atomically (a temporary file renamed over it). Returns the new text.
 */
export async function writeCatalogVersions(
  path: string,
  proposals: readonly ProposedVersion[],
  validate: (text: string) => void,
): Promise<string> {
  const before = await readFile(path, 'utf8');
  const after = writeVersions(before, proposals);
  validate(after);
  if (after !== before) await writeFileAtomic(path, after);
  return after;
}
