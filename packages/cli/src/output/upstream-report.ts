import type { UpstreamReport } from '@catalog/runner';
import { type Writable, writeLine } from '../io.js';

const short = (digest: string | undefined): string => (digest ? digest.slice(0, 19) : '(none)');

/** The JSON of `catalog upstream check --json`. */
export function upstreamJson(report: UpstreamReport) {
  return {
    ok: true,
    rebuildsDue: report.selected.length > 0,
    upstreams: report.upstreams.map((u) => ({
      ref: u.ref,
      status: u.status,
      nodes: u.nodes,
      old: u.locked ? { digest: u.locked.digest, platforms: u.locked.platforms } : null,
      new: { digest: u.current.digest, platforms: u.current.platforms },
      changedPlatforms: u.changedPlatforms,
      rateLimit: u.rateLimit ?? null,
    })),
    images: report.images,
    notes: report.notes,
    selected: report.selected,
    refresh: report.refresh,
  };
}

/** The human report: each upstream, each image with fixes or too old, notes, then the selection. */
export function printUpstreamReport(out: Writable, report: UpstreamReport): void {
  for (const u of report.upstreams) {
    const changes = u.changedPlatforms.map((c) => `${c.platform} ${short(c.old)} → ${short(c.new)}`).join(', ');
    const detail =
      u.status === 'changed'
        ? changes
        : u.status === 'unlocked'
          ? `not locked; now ${short(u.current.digest)}`
          : short(u.current.digest);
    const limit = u.rateLimit ? `  (pulls left: ${u.rateLimit.remaining}/${u.rateLimit.limit})` : '';
    writeLine(out, `${u.status.padEnd(10)} ${u.ref}  ${detail}${limit}`);
  }
  for (const image of report.images) {
    for (const fix of image.fixes ?? [])
      writeLine(out, `security   ${image.id}  ${fix.name} ${fix.installed} → ${fix.fixed} (${image.suite})`);
    if (image.age)
      writeLine(out, `age        ${image.id}  ${image.age.age} old, rebuildAfter ${image.age.rebuildAfter}`);
  }
  for (const note of report.notes) writeLine(out, `note       ${note.id}: ${note.note}`);
  if (report.selected.length === 0) {
    writeLine(out, 'nothing changed upstream on the platforms we build: no rebuild due');
    return;
  }
  writeLine(out, `\n${report.selected.length} node${report.selected.length === 1 ? '' : 's'} to rebuild:`);
  for (const node of report.selected) writeLine(out, `  ${node.id}  (${node.reason})`);
  writeLine(out, 'rebuilds are due (exit 3): run `catalog build --upstream-changed --push`');
}
