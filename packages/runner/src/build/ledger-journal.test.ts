import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { ledgerWriter, recoverNotedMove } from './ledger-journal.js';
import { fileRunStore, movingFile } from './run-store.js';

const move = { id: 'os:1', repository: 'r.example/acme/os', tag: '1', digest: 'sha256:new', previous: 'sha256:old' };

function setup() {
  const out = tempDir('catalog-ledger-');
  const ledger = join(out, 'publish-ledger.jsonl');
  const lines = () =>
    existsSync(ledger)
      ? readFileSync(ledger, 'utf8')
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line))
      : [];
  return { ledger, store: fileRunStore(out, ledger), lines };
}

const registryNaming = (digest: string | undefined) => ({
  resolve: async () => (digest ? { digest, mediaType: '', size: 1 } : undefined),
});

describe('the ledger notes each move before the tag is written', () => {
  it('writes the note before the tag, and the line (same time) clears it', async () => {
    const { ledger, store, lines } = setup();
    const writer = ledgerWriter(store, 'catalog build --push');
    await writer.onTagging(move);
    const noted = JSON.parse(readFileSync(movingFile(ledger), 'utf8'));
    expect(noted).toMatchObject({ ...move, command: 'catalog build --push' });
    expect(lines()).toEqual([]);
    await writer.onTagged(move);
    expect(lines()).toEqual([noted]);
    expect(existsSync(movingFile(ledger))).toBe(false);
  });

  it('the next run writes the line of a move the registry made after a kill', async () => {
    const { store, lines, ledger } = setup();
    await ledgerWriter(store, 'killed run').onTagging(move);
    const message = await recoverNotedMove(store, registryNaming('sha256:new'));
    expect(message).toContain('r.example/acme/os:1 → sha256:new');
    expect(lines()).toEqual([expect.objectContaining({ ...move, command: 'killed run', recovered: true })]);
    expect(existsSync(movingFile(ledger))).toBe(false);
    expect(await recoverNotedMove(store, registryNaming('sha256:new'))).toBeUndefined();
    expect(lines()).toHaveLength(1);
  });

  it('drops the note of a move the registry never made', async () => {
    const { store, lines, ledger } = setup();
    await ledgerWriter(store, 'killed run').onTagging(move);
    expect(await recoverNotedMove(store, registryNaming('sha256:old'))).toBeUndefined();
    expect(lines()).toEqual([]);
    expect(existsSync(movingFile(ledger))).toBe(false);
  });

  it('reads ledgers written before lines had platforms, and notes a move with its platforms whole', async () => {
    const { store, lines, ledger } = setup();
    // An old line: no platforms.
    await store.appendLedger([{ ...move, tag: '1-r1', at: '2025-01-01T00:00:00.000Z', command: 'old run' }]);
    const platforms = [
      { platform: 'linux/amd64', digest: 'sha256:amd' },
      { platform: 'linux/arm64', digest: 'sha256:arm' },
    ];
    const writer = ledgerWriter(store, 'killed run');
    await writer.onTagging({ ...move, platforms });
    expect(JSON.parse(readFileSync(movingFile(ledger), 'utf8')).platforms).toEqual(platforms);
    expect(await recoverNotedMove(store, registryNaming('sha256:new'))).toContain('r.example/acme/os:1');
    expect(lines()).toEqual([
      expect.objectContaining({ tag: '1-r1', command: 'old run' }),
      expect.objectContaining({ ...move, platforms, recovered: true }),
    ]);
    expect(lines()[0]).not.toHaveProperty('platforms');
  });

  it('writes no second line when the kill came after the line', async () => {
    const { store, lines, ledger } = setup();
    const writer = ledgerWriter(store, 'killed run');
    await writer.onTagging(move);
    const noted = readFileSync(movingFile(ledger), 'utf8');
    await writer.onTagged(move);
    // As if killed after the line was synced but before the note was removed.
    await store.noteMove?.(JSON.parse(noted));
    expect(await recoverNotedMove(store, registryNaming('sha256:new'))).toBeUndefined();
    expect(lines()).toHaveLength(1);
  });
});
