import type { CatalogSource, MirrorSetting, NodeSources, SecurityArchiveUse } from '@catalog/core';
import { type Writable, writeLine } from '../io.js';

/** Where a Debian security archive was found: the variable that overrides it, its URL, what named it. */
export interface SecurityArchive {
  readonly variable: string;
  readonly url: string | null;
  readonly from: 'environment' | 'catalog' | 'apt' | null;
  /** The keyring its InRelease's signature is checked against, and the variable that names another. */
  readonly keyring: { readonly path: string; readonly variable: string; readonly from: 'environment' | 'default' };
}

/** A mirror and, when overridden, what set it: `environment` or the local settings file. */
export type MirrorInUse = MirrorSetting & { readonly from: string | null };

/** The JSON of `catalog sources --json` (README, "Commands"). */
export interface SourcesReport {
  readonly catalog: string;
  readonly nodes: readonly NodeSources[];
  readonly mirrors: readonly MirrorInUse[];
  readonly security: {
    /** The archive without a catalog mirror: CATALOG_DEBIAN_SECURITY_MIRROR, else apt (tools/base-rootfs.sh). */
    readonly default: SecurityArchive;
    readonly archives: readonly (SecurityArchiveUse & SecurityArchive)[];
  };
}

/** Columns padded to their widest cell, two spaces apart, trailing blanks trimmed. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    for (const [i, cell] of row.entries()) widths[i] = Math.max(widths[i] ?? 0, cell.length);
  }
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

const short = (sha256: string): string => `sha256:${sha256.slice(0, 12)}…`;

function sourceRow(id: string, source: CatalogSource): string[] {
  const fields = Object.entries(source.fields).map(([key, value]) => `${key}=${JSON.stringify(value)}`);
  const what = [source.url ?? '', ...fields].filter(Boolean).join(' ');
  return [id, source.type ?? 'url', what, source.sha256 ? short(source.sha256) : ''];
}

function archiveText(archive: SecurityArchive): string {
  if (!archive.url) return `none known (set ${archive.variable}, or add a *-security apt source)`;
  const how =
    archive.from === 'environment' ? `from ${archive.variable}` : `from ${archive.from}; ${archive.variable} overrides`;
  return `${archive.url} (${how}), signed by ${archive.keyring.path} (${archive.keyring.variable})`;
}

/** The human listing: a table of sources and pins, then the mirrors, then the security archives. */
export function printSources(out: Writable, report: SourcesReport): void {
  const rows = [['NODE', 'TYPE', 'SOURCE', 'PIN']];
  for (const node of report.nodes) {
    for (const source of node.sources) rows.push(sourceRow(node.id, source));
    for (const r of node.requirements) rows.push([node.id, 'pip', r.name, r.specifier || '(any version)']);
  }
  const bare = report.nodes.filter((node) => node.sources.length === 0 && node.requirements.length === 0);
  if (rows.length > 1) for (const line of formatTable(rows)) writeLine(out, line);
  if (bare.length > 0) writeLine(out, `no sources: ${bare.map((node) => node.id).join(', ')}`);
  if (report.mirrors.length > 0) {
    writeLine(out);
    const mirrorRows = report.mirrors.map((m) => [
      m.name,
      m.variable,
      `${m.value || "(empty: the tool's default)"}${m.overridden ? ` (set by ${m.variable}${m.from === 'environment' ? '' : ` in ${m.from}`})` : ''}`,
    ]);
    for (const line of formatTable([['MIRROR', 'OVERRIDE', 'VALUE'], ...mirrorRows])) writeLine(out, line);
  }
  writeLine(out);
  const archiveRows = report.security.archives.map((a) => [a.suite, a.image, String(a.nodes.length), archiveText(a)]);
  if (archiveRows.length > 0) {
    for (const line of formatTable([['SECURITY SUITE', 'OF', 'NODES', 'ARCHIVE'], ...archiveRows]))
      writeLine(out, line);
  } else {
    writeLine(out, `no securityUpdates; the Debian security archive: ${archiveText(report.security.default)}`);
  }
}
