import { mkdir, open, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { BuildReport } from '@catalog/core';
import { writeReport } from './report.js';

/** Where the last report goes; its durations order the next run's queue. */
export const LAST_REPORT = 'last-build.json';

/** One tag applied: `repository:tag` now → `digest`, before → `previous` (absent for a new tag). */
export interface TagRecord {
  readonly id: string;
  readonly repository: string;
  readonly tag: string;
  readonly digest: string;
  readonly previous?: string;
}

/** One line of the publish ledger. */
export interface LedgerEntry extends TagRecord {
  readonly at: string;
  readonly command: string;
}

/** What a run keeps in its output folder besides build contexts: SBOMs, the report, the publish ledger. */
export interface RunStore {
  writeSbom(id: string, text: string): Promise<void>;
  /** undefined when this run recorded none for the node. */
  readSbom(id: string): Promise<string | undefined>;
  writeReport(report: BuildReport): Promise<void>;
  /** Appends the entries and syncs them to disk before returning. */
  appendLedger(entries: readonly LedgerEntry[]): Promise<void>;
}

/**
 * The run's records as files: `sbom/<id>.txt` and `last-build.json` under the output folder, and
 * the publish ledger (JSON lines, one tag applied per line, with the digest it named before) when
 * the run keeps one, so the history of every moving tag can be replayed.
 */
export function fileRunStore(out: string, ledger?: string): RunStore {
  const sbomFile = (id: string) => join(out, 'sbom', `${id.replace(/[^A-Za-z0-9_.-]/g, '_')}.txt`);
  return {
    async writeSbom(id, text) {
      await mkdir(join(out, 'sbom'), { recursive: true });
      await writeFile(sbomFile(id), text);
    },
    readSbom: (id) => readFile(sbomFile(id), 'utf8').catch(() => undefined),
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
    },
  };
}
