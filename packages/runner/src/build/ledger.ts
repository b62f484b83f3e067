import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { TagRecord } from './publish.js';

/** One line of the publish ledger. */
export interface LedgerEntry extends TagRecord {
  readonly at: string;
  readonly command: string;
}

/**
 * Appends the tags a publish applied to the ledger (JSON lines: one tag per line, with the digest
 * it now names and the one it named before), so the history of every moving tag can be replayed.
 */
export async function appendLedger(
  file: string,
  records: readonly TagRecord[],
  command: string,
  now: Date,
): Promise<void> {
  if (records.length === 0) return;
  await mkdir(dirname(file), { recursive: true });
  const lines = records.map((record) =>
    JSON.stringify({ at: now.toISOString(), command, ...record } satisfies LedgerEntry),
  );
  await appendFile(file, `${lines.join('\n')}\n`);
}
