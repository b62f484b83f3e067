import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { acquireRunLock, LockedError, type LockHolder, staleLockWarning } from './lock.js';

const holder = { command: 'catalog build --push', registry: '127.0.0.1:5000/acme', started: '' };
const now = new Date('2026-11-23T12:00:00Z');

describe('acquireRunLock', () => {
  it('lets one run hold the lock and names the holder to the next', async () => {
    const dir = tempDir('catalog-lock-');
    const lock = await acquireRunLock(dir, holder, now);
    expect(JSON.parse(readFileSync(lock.file, 'utf8'))).toMatchObject({ pid: process.pid, registry: holder.registry });
    const second = acquireRunLock(dir, holder, now);
    await expect(second).rejects.toThrow(LockedError);
    await expect(second).rejects.toThrow(`another build for 127.0.0.1:5000/acme is running: pid ${process.pid}`);
    await lock.release();
    const third = await acquireRunLock(dir, holder, now);
    await third.release();
  });

  it('keeps separate locks per registry', async () => {
    const dir = tempDir('catalog-lock-');
    const a = await acquireRunLock(dir, holder, now);
    const b = await acquireRunLock(dir, { ...holder, registry: 'other.example/acme' }, now);
    await a.release();
    await b.release();
  });

  it('takes over a lock left by a process that is gone', async () => {
    const dir = tempDir('catalog-lock-');
    const lock = await acquireRunLock(dir, holder, now);
    await lock.release();
    // A pid far above pid_max cannot be running.
    writeFileSync(
      lock.file,
      JSON.stringify({ pid: 99_999_999, host: hostname(), started: 'x', command: 'c', registry: holder.registry }),
    );
    const again = await acquireRunLock(dir, holder, now);
    expect(JSON.parse(readFileSync(again.file, 'utf8')).pid).toBe(process.pid);
    expect(again.takenOver).toMatchObject({ pid: 99_999_999, command: 'c', started: 'x' });
    expect(staleLockWarning(again.file, again.takenOver as LockHolder)).toContain('pid 99999999');
    expect(lock.takenOver).toBeUndefined();
    await again.release();
  });

  it('is removed when the process exits without releasing it (a second Ctrl-C exits at once)', () => {
    const dir = tempDir('catalog-lock-');
    const lockModule = pathToFileURL(fileURLToPath(new URL('../../dist/build/lock.js', import.meta.url))).href;
    const script = `const { acquireRunLock } = await import(${JSON.stringify(lockModule)});
const lock = await acquireRunLock(${JSON.stringify(dir)}, { command: 'c', registry: 'r', started: '' }, new Date());
console.log(lock.file);
process.exit(130);`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(130);
    const file = child.stdout.trim();
    expect(file).toContain(dir);
    expect(existsSync(file)).toBe(false);
  });
});
