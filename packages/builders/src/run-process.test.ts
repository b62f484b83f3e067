import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BuilderError } from './errors.js';
import { type OutputStream, runProcess } from './run-process.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runProcess', () => {
  it('returns a non-zero exit code, streams lines per stream in order, and writes the log', async () => {
    const lines: [OutputStream, string][] = [];
    const logFile = join(dir, 'logs', 'run.log');
    const result = await runProcess(['sh', '-c', 'echo a; echo b >&2; echo c; echo d >&2; printf e; exit 3'], {
      onLine: (line, stream) => lines.push([stream, line]),
      logFile,
    });
    expect(result.exitCode).toBe(3);
    expect(result.aborted).toBe(false);
    expect(result.signal).toBeUndefined();
    expect(lines.filter(([s]) => s === 'stdout').map(([, l]) => l)).toEqual(['a', 'c', 'e']);
    expect(lines.filter(([s]) => s === 'stderr').map(([, l]) => l)).toEqual(['b', 'd']);
    expect([...result.tail].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const log = await readFile(logFile, 'utf8');
    expect(log.split('\n')[0]).toBe("$ sh -c 'echo a; echo b >&2; echo c; echo d >&2; printf e; exit 3'");
    for (const line of ['a', 'b', 'c', 'd', 'e']) expect(log).toContain(`\n${line}\n`);
    expect(log).toMatch(/# exit code 3 after \d+ ms\n$/);
  });

  it('keeps only the last lines in tail and appends to an existing log', async () => {
    const logFile = join(dir, 'append.log');
    await runProcess(['sh', '-c', 'echo first'], { logFile });
    const result = await runProcess(['sh', '-c', 'for i in $(seq 1 100); do echo line$i; done'], {
      logFile,
      tailLines: 30,
    });
    expect(result.exitCode).toBe(0);
    expect(result.tail).toHaveLength(30);
    expect(result.tail[0]).toBe('line71');
    expect(result.tail.at(-1)).toBe('line100');
    const log = await readFile(logFile, 'utf8');
    expect(log.startsWith("$ sh -c 'echo first'\nfirst\n")).toBe(true);
    expect(log).toContain('line100\n');
  });

  it('passes cwd and env', async () => {
    const result = await runProcess(['sh', '-c', 'echo "$PWD $CATALOG_TEST_VALUE"'], {
      cwd: dir,
      env: { CATALOG_TEST_VALUE: 'v1' },
    });
    expect(result.tail).toEqual([`${dir} v1`]);
  });

  it('kills the process when the signal aborts and reports it as aborted', async () => {
    const controller = new AbortController();
    const running = runProcess(['sleep', '30'], { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.exitCode).not.toBe(0);
  });

  it('kills the whole process group, with SIGKILL when SIGTERM is ignored', async () => {
    const controller = new AbortController();
    const lines: string[] = [];
    const running = runProcess(['sh', '-c', 'trap "" TERM; echo ready; sleep 30; echo never'], {
      signal: controller.signal,
      killGraceMs: 100,
      onLine: (line) => {
        lines.push(line);
        if (line === 'ready') controller.abort();
      },
    });
    const result = await running;
    expect(result.aborted).toBe(true);
    expect(result.signal).toBe('SIGKILL');
    expect(result.exitCode).toBe(137);
    expect(lines).toEqual(['ready']);
  });

  it('reports an already aborted signal as aborted', async () => {
    const result = await runProcess(['sleep', '30'], { signal: AbortSignal.abort() });
    expect(result.aborted).toBe(true);
  });

  it('throws a BuilderError with an install hint when the binary does not exist', async () => {
    const error = await runProcess(['buildah-not-installed-xyz', 'build']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderError);
    expect((error as BuilderError).message).toBe('cannot start buildah-not-installed-xyz: not found');
    expect((error as BuilderError).hint).toBe('install buildah-not-installed-xyz, or check that it is on PATH');
  });

  it('names the package for a known builder binary', async () => {
    const error = await runProcess(['/nonexistent/bin/buildah', 'version']).catch((e: unknown) => e);
    expect((error as BuilderError).hint).toBe('install buildah (recommended): apt-get install buildah');
  });

  it('redacts secrets in the log header', async () => {
    const logFile = join(dir, 'redact.log');
    await runProcess(['sh', '-c', 'true', '--secret', 'id=npm,src=/run/npmrc', 'NPM_TOKEN=abc123'], { logFile });
    const header = (await readFile(logFile, 'utf8')).split('\n')[0];
    expect(header).toBe("$ sh -c true --secret 'id=npm,src=***' 'NPM_TOKEN=***'");
  });
});
