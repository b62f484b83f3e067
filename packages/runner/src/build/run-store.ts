import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BuildReport, platformSlug } from '@catalog/core';
import { removeStaleTemporaries, writeFileAtomic } from '../atomic-file.js';
import { writeReport } from './report.js';

/** Where the last report goes; its durations order the next run's queue. */
export const LAST_REPORT = 'last-build.json';

/**
 * One tag applied: `repository:tag` now → `digest`, before → `previous` (absent for a new tag).
 * `digest` is what the tag names: the image's manifest, or for a node built for several platforms
 * its image index; `platforms` lists each platform's manifest digest (absent in ledgers written
 * before, which stay readable).
 */
export interface TagRecord {
  readonly id: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly previous?: string;
  readonly platforms?: readonly PlatformDigest[];
}

/** One platform's manifest of a published image. */
export interface PlatformDigest {
  /** `linux/arm64` (core's platform names). */
  readonly platform: string;
  readonly digest: string;
}

/** One line of the publish ledger. */
export interface LedgerEntry extends TagRecord {
  readonly at: string;
  readonly command: string;
  /** Written by the next run: the run that moved the tag was killed before it could write the line. */
  readonly recovered?: true;
}

/** What a run keeps in its output folder besides build contexts: SBOMs, the report, the publish ledger. */
export interface RunStore {
  /** The package list recorded in the image (of one platform: see recordPlatform). */
  writeSbom(id: string, text: string, platform?: string): Promise<void>;
  /** undefined when this run recorded none for the node (and platform). */
  readSbom(id: string, platform?: string): Promise<string | undefined>;
  /** Writes `<out>/supply/<id>[/<platform>]/<file>` (the SBOM, the provenance) and returns its path. */
  writeSupplyFile(id: string, file: string, text: string, platform?: string): Promise<string>;
  writeReport(report: BuildReport): Promise<void>;
  /** Appends the entries and syncs them to disk before returning; the move noted (noteMove) is done. */
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
  /** Notes, synced, the tag move about to be made (one at a time), so a kill cannot lose it. */
  noteMove?(entry: LedgerEntry): Promise<void>;
  /** The move noted and not yet in the ledger, with the ledger's last line; undefined when none. */
  notedMove?(): Promise<{ readonly entry: LedgerEntry; readonly lastLine: string | undefined } | undefined>;
  /** Forgets the noted move. */
  clearMove?(): Promise<void>;
}

const safe = (name: string) => name.replace(/[^A-Za-z0-9_.-]/g, '_');
const platformName = (platform: string) => safe(platformSlug(platform));

// The platform argument of the records below is core's outputPlatform: none for a node built for
// one platform (plain names), the platform for a node built for several (one set per platform).

/** Where a node's SBOM and provenance are written: `<out>/supply/<id>/<file>`, `<out>/supply/<id>/linux-arm64/<file>` per platform. */
export function supplyFile(out: string, id: string, file: string, platform?: string): string {
  return platform ? join(out, 'supply', safe(id), platformName(platform), file) : join(out, 'supply', safe(id), file);
}

/** Where a node's recorded package list is kept: `<out>/sbom/<id>.txt`, `<out>/sbom/<id>.linux-arm64.txt` per platform. */
export function packageListFile(out: string, id: string, platform?: string): string {
  return join(out, 'sbom', `${safe(id)}${platform ? `.${platformName(platform)}` : ''}.txt`);
}

/** The file of the move being made, next to the ledger. */
export function movingFile(ledger: string): string {
  return `${ledger}.moving`;
}

/**
 * The run's records as files: `sbom/<id>.txt` (see packageListFile) and `last-build.json` under the output folder, and
 * the publish ledger (JSON lines, one tag applied per line, with the digest it named before) when
 * the run keeps one, so the history of every moving tag can be replayed.
 */
export function fileRunStore(out: string, ledger?: string): RunStore {
  return {
    async writeSbom(id, text, platform) {
      await mkdir(join(out, 'sbom'), { recursive: true });
      await writeFile(packageListFile(out, id, platform), text);
    },
    readSbom: (id, platform) => readFile(packageListFile(out, id, platform), 'utf8').catch(() => undefined),
    async writeSupplyFile(id, file, text, platform) {
      const path = supplyFile(out, id, file, platform);
      await mkdir(dirname(path), { recursive: true });
      await writeFileAtomic(path, text);
      return path;
    },
    writeReport: (report) => writeReport(join(out, LAST_REPORT), report),
    async appendLedger(entries) {
      if (!ledger || entries.length === 0) return;
      await mkdir(dirname(ledger), { recursive: true });
      const handle = await open(ledger, 'a');
      try {
        await handle.write(`${entries.map((entry) => JSON.stringify(entry)).join('\n')}\n`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
      await rm(movingFile(ledger), { force: true });
    },
    async noteMove(entry) {
      if (!ledger) return;
      await mkdir(dirname(ledger), { recursive: true });
      await writeFileAtomic(movingFile(ledger), `${JSON.stringify(entry)}\n`);
    },
    async notedMove() {
      if (!ledger) return undefined;
      // A note whose write a kill cut short left only its temporary file.
      await removeStaleTemporaries(movingFile(ledger));
      const text = await readFile(movingFile(ledger), 'utf8').catch(() => undefined);
      if (text === undefined) return undefined;
      const lines = (await readFile(ledger, 'utf8').catch(() => '')).trimEnd().split('\n');
      return { entry: JSON.parse(text) as LedgerEntry, lastLine: lines.at(-1) || undefined };
    },
    async clearMove() {
      if (ledger) await rm(movingFile(ledger), { force: true });
    },
  };
}
