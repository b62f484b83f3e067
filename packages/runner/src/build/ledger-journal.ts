import type { RegistryPort } from './ports.js';
import type { LedgerEntry, RunStore, TagRecord } from './run-store.js';

/**
 * The ledger's write-ahead note. A tag moves in one registry request and its ledger line is written
 * right after; a run killed between the two would leave a moved tag without a line. So the run notes
 * each move (synced) before it writes the tag, and the line clears the note. The next run finds a
 * note left behind, asks the registry where the tag points, and writes the line (marked
 * `recovered`) when the move happened; otherwise it drops the note.
 */
export function ledgerWriter(store: RunStore, command: string) {
  let moving: LedgerEntry | undefined;
  const entry = (r: TagRecord): LedgerEntry => ({ at: new Date().toISOString(), command, ...r });
  return {
    onTagging: async (r: TagRecord) => {
      moving = entry(r);
      await store.noteMove?.(moving);
    },
    onTagged: async (r: TagRecord) => {
      const same = moving?.repository === r.repository && moving.tag === r.tag && moving.digest === r.digest;
      await store.appendLedger([same && moving ? moving : entry(r)]);
      moving = undefined;
    },
  };
}

/** Completes the ledger after a killed run (see ledgerWriter); returns what it wrote, if anything. */
export async function recoverNotedMove(
  store: RunStore,
  registry: Pick<RegistryPort, 'resolve'>,
): Promise<string | undefined> {
  const noted = await store.notedMove?.();
  if (!noted) return undefined;
  const { entry, lastLine } = noted;
  if (lastLine === JSON.stringify(entry)) {
    await store.clearMove?.();
    return undefined;
  }
  const ref = `${entry.repository}:${entry.tag}`;
  const now = await registry.resolve(ref);
  if (now?.digest !== entry.digest) {
    await store.clearMove?.();
    return undefined;
  }
  await store.appendLedger([{ ...entry, recovered: true }]);
  return `wrote the ledger line of ${ref} → ${entry.digest}: the run killed while tagging (${entry.command}, ${entry.at}) had moved it`;
}
