import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { publishLockFile, withPublishLock } from './publish-lock.js';

const REPO = 'r.example/acme/python';

describe('withPublishLock', () => {
  it('writes its holder into a lock file keyed by repository, and removes it after', async () => {
    const dir = tempDir('catalog-locks-');
    const file = publishLockFile(dir, REPO);
    expect(publishLockFile(dir, 'other.example/acme/python')).not.toBe(file);
    const holder = await withPublishLock(REPO, { dir, command: 'catalog build --push' }, async () =>
      JSON.parse(readFileSync(file, 'utf8')),
    );
    expect(holder).toMatchObject({
      pid: process.pid,
      host: hostname(),
      command: 'catalog build --push',
      repository: REPO,
    });
    await withPublishLock(REPO, { dir, command: 'again', waitMs: 0 }, async () => {});
  });

  it('lets one holder in at a time: the second waits for the first', async () => {
    const dir = tempDir('catalog-locks-');
    const log: string[] = [];
    const hold = (name: string) =>
      withPublishLock(REPO, { dir, command: name, pollMs: 5 }, async () => {
        log.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 30));
        log.push(`${name} out`);
      });
    await Promise.all([hold('a'), hold('b')]);
    // Either may win the race for the file; what matters is that they never overlap.
    const first = log[0]?.split(' ')[0] ?? '';
    const second = first === 'a' ? 'b' : 'a';
    expect(log).toEqual([`${first} in`, `${first} out`, `${second} in`, `${second} out`]);
  });

  it('takes over a lock whose process is gone, naming the old holder', async () => {
    const dir = tempDir('catalog-locks-');
    const stale = { pid: 2 ** 30, host: hostname(), started: 'then', command: 'old run', repository: REPO };
    writeFileSync(publishLockFile(dir, REPO), JSON.stringify(stale));
    const warnings: string[] = [];
    const ran = await withPublishLock(
      REPO,
      { dir, command: 'new', onWarning: (m) => warnings.push(m) },
      async () => true,
    );
    expect(ran).toBe(true);
    expect(warnings).toEqual([
      `took over the publish lock of ${REPO} from pid ${2 ** 30} on ${hostname()} (old run, since then): that process is gone`,
    ]);
  });

  it('gives up after waiting, naming the live holder and the file', async () => {
    const dir = tempDir('catalog-locks-');
    const live = { pid: process.pid, host: hostname(), started: 'now', command: 'other clone', repository: REPO };
    writeFileSync(publishLockFile(dir, REPO), JSON.stringify(live));
    await expect(
      withPublishLock(REPO, { dir, command: 'new', waitMs: 20, pollMs: 5 }, async () => true),
    ).rejects.toThrow(
      `another publish of ${REPO} is running: pid ${process.pid} on ${hostname()} (other clone, since now)`,
    );
  });

  it('says once that it waits, naming the holder, and stops waiting when the run is interrupted', async () => {
    const dir = tempDir('catalog-locks-');
    const live = { pid: process.pid, host: hostname(), started: 'now', command: 'other clone', repository: REPO };
    writeFileSync(publishLockFile(dir, REPO), JSON.stringify(live));
    const controller = new AbortController();
    const warnings: string[] = [];
    let ran = false;
    const waiting = withPublishLock(
      REPO,
      {
        dir,
        command: 'new',
        pollMs: 5,
        signal: controller.signal,
        onWarning: (message) => {
          warnings.push(message);
          controller.abort(); // Ctrl-C while waiting (the default wait is 15 minutes)
        },
      },
      async () => {
        ran = true;
      },
    );
    await expect(waiting).rejects.toThrow(`interrupted while waiting for the publish lock of ${REPO}`);
    expect(warnings).toEqual([
      `waiting for the publish lock of ${REPO}: held by pid ${process.pid} on ${hostname()} (other clone, since now)`,
    ]);
    expect(ran).toBe(false);
    expect(JSON.parse(readFileSync(publishLockFile(dir, REPO), 'utf8'))).toMatchObject({ command: 'other clone' });
  });

  it('is removed when the process exits while holding it (a second Ctrl-C exits at once)', () => {
    const dir = tempDir('catalog-locks-');
    const lockModule = pathToFileURL(fileURLToPath(new URL('../../dist/build/publish-lock.js', import.meta.url))).href;
    const script = `const { withPublishLock, publishLockFile } = await import(${JSON.stringify(lockModule)});
await withPublishLock(${JSON.stringify(REPO)}, { dir: ${JSON.stringify(dir)}, command: 'c' }, async () => {
  console.log(publishLockFile(${JSON.stringify(dir)}, ${JSON.stringify(REPO)}));
  process.exit(130);
});`;
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(130);
    const file = child.stdout.trim();
    expect(file).toBe(publishLockFile(dir, REPO));
    expect(existsSync(file)).toBe(false);
  });
});
