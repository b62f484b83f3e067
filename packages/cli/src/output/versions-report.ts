import type { ImageVersions } from '@catalog/runner';
import { type Writable, writeLine } from '../io.js';

/** The JSON of `catalog upstream versions --json`. */
export function versionsJson(images: readonly ImageVersions[], written: string | null) {
  return {
    ok: true,
    newReleases: images.some((image) => image.proposals.length > 0),
    written,
    images: images.map((image) => ({
      image: image.image,
      source: image.source,
      policy: image.policy,
      index: image.index,
      proposals: image.proposals.map((p) => ({
        version: p.version,
        label: p.label,
        supersedes: p.supersedes,
        mode: p.keep ? 'add' : 'replace',
        checksum: { file: p.checksum.name, sha256: p.checksum.sha256 },
        edits: p.edits.map((edit) => ({ path: edit.path.join('.'), from: edit.from, to: edit.to })),
      })),
    })),
  };
}

/** One line per new release (or per image that has none), then what to do. */
export function printVersions(
  out: Writable,
  images: readonly ImageVersions[],
  written: string | null,
  write: boolean,
): void {
  const width = Math.max(0, ...images.map((image) => image.image.length));
  let count = 0;
  for (const image of images) {
    if (image.proposals.length === 0) {
      writeLine(out, `${image.image.padEnd(width)}  up to date (${image.policy}; ${image.index})`);
      continue;
    }
    for (const p of image.proposals) {
      count++;
      const how = p.keep ? `beside ${p.supersedes}` : `replaces ${p.supersedes}`;
      const label = p.label === p.version ? '' : ` (${p.label})`;
      writeLine(
        out,
        `${image.image.padEnd(width)}  ${p.version}${label}  ${how}  ${p.checksum.name} sha256:${p.checksum.sha256}`,
      );
    }
  }
  if (images.length === 0) writeLine(out, 'no image has updates: (add updates: { source: … } to an image)');
  if (count === 0) return;
  const releases = `${count} new release${count === 1 ? '' : 's'}`;
  if (written)
    writeLine(out, `\n${releases} written into ${written}: review with git diff, then catalog plan --affected`);
  else if (!write) writeLine(out, `\n${releases} (exit 3): write them with \`catalog upstream versions --write\``);
}
