import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { ProcessResult, RunOptions } from './run-process.js';
import { createSmokeTester, DROPPED_OUTPUT_NOTE, removeStaleTestContainers } from './smoke-test.js';

const test = { name: 'uid', run: ['id', '-u'], user: '1000770000:0', expect: '1000770000' };

/** A fake process runner: answers each argv with the lines and exit code the test chose. */
function fakeRun(answers: (argv: readonly string[]) => { lines: string[]; exitCode: number }) {
  const calls: string[][] = [];
  const run = async (argv: readonly string[], options: RunOptions): Promise<ProcessResult> => {
    calls.push([...argv]);
    const answer = answers(argv);
    for (const line of answer.lines) options.onLine?.(line, 'stdout');
    return {
      exitCode: answer.exitCode,
      signal: undefined,
      aborted: false,
      durationMs: 1,
      tail: answer.lines,
    } as ProcessResult;
  };
  return { run, calls };
}

/** A buildah container whose first run of the command prints nothing (output dropped), then `line`. */
function silentOnce(line: string) {
  let runs = 0;
  const fake = fakeRun((argv) => {
    if (argv.includes('from')) return { lines: ['ctr-1'], exitCode: 0 };
    if (argv.includes('rm')) return { lines: [], exitCode: 0 };
    runs += 1;
    return { lines: runs === 1 ? [] : [line], exitCode: 0 };
  });
  return { ...fake, runs: () => runs };
}

describe('createSmokeTester', () => {
  it('passes when the command exits 0 and prints the expected text, and always removes the container', async () => {
    const fake = fakeRun((argv) =>
      argv.includes('from') ? { lines: ['ctr-1'], exitCode: 0 } : { lines: ['1000770000'], exitCode: 0 },
    );
    const result = await createSmokeTester('buildah', {}, fake.run)('img', test);
    expect(result.ok).toBe(true);
    expect(fake.calls.at(-1)).toEqual(['buildah', '--storage-driver', 'vfs', 'rm', 'ctr-1']);
  });

  it('fails with the reason when the output lacks the expected text or the exit code is not 0', async () => {
    const wrong = fakeRun((argv) =>
      argv.includes('from') ? { lines: ['c'], exitCode: 0 } : { lines: ['10001'], exitCode: 0 },
    );
    const result = await createSmokeTester('buildah', {}, wrong.run)('img', test);
    expect(result).toEqual({ ok: false, output: '10001\n(output does not contain "1000770000")' });
    const crash = fakeRun(() => ({ lines: ['boom'], exitCode: 2 }));
    expect((await createSmokeTester('podman', {}, crash.run)('img', test)).output).toContain('exit code 2');
  });

  it('runs a test again once when it exited 0 with no output at all (output the runtime dropped), saying so', async () => {
    const fake = silentOnce('1000770000');
    const notes: string[] = [];
    const result = await createSmokeTester('buildah', {}, fake.run)('img', test, {
      onLine: (line) => notes.push(line),
    });
    expect(result.ok).toBe(true);
    expect(fake.runs()).toBe(2);
    expect(notes).toContain(DROPPED_OUTPUT_NOTE);
  });

  it('fails a test that prints nothing twice, and never reruns one that printed or failed', async () => {
    const silent = fakeRun((argv) =>
      argv.includes('from') ? { lines: ['c'], exitCode: 0 } : { lines: [], exitCode: 0 },
    );
    const result = await createSmokeTester('buildah', {}, silent.run)('img', test);
    expect(result).toEqual({ ok: false, output: '\n(output does not contain "1000770000")' });
    expect(silent.calls.filter((argv) => argv.includes('run'))).toHaveLength(2);
    for (const answer of [
      { lines: ['10001'], exitCode: 0 },
      { lines: [], exitCode: 1 },
    ]) {
      const once = fakeRun((argv) => (argv.includes('from') ? { lines: ['c'], exitCode: 0 } : answer));
      expect((await createSmokeTester('buildah', {}, once.run)('img', test)).ok).toBe(false);
      expect(once.calls.filter((argv) => argv.includes('run'))).toHaveLength(1);
    }
  });

  it('runs a command that always prints (a package list) once more when it printed nothing; never one that may print nothing', async () => {
    const list = { name: 'sbom', run: ['sh', '-c', 'dpkg-query -W'] };
    const dropped = silentOnce('deb libc6 2.41-12 amd64');
    const result = await createSmokeTester('buildah', {}, dropped.run)('img', { ...list, printsOutput: true });
    expect(result).toEqual({ ok: true, output: 'deb libc6 2.41-12 amd64' });
    expect(dropped.runs()).toBe(2);
    const quiet = fakeRun((argv) =>
      argv.includes('from') ? { lines: ['c'], exitCode: 0 } : { lines: [], exitCode: 0 },
    );
    expect((await createSmokeTester('buildah', {}, quiet.run)('img', list)).ok).toBe(true);
    expect(quiet.calls.filter((argv) => argv.includes('run'))).toHaveLength(1);
  });

  it('runs podman and docker tests with run --rm and the configured executable', async () => {
    const fake = fakeRun(() => ({ lines: ['1000770000'], exitCode: 0 }));
    expect((await createSmokeTester('docker', { binary: '/usr/bin/docker' }, fake.run)('img', test)).ok).toBe(true);
    expect((await createSmokeTester('podman', {}, fake.run)('img', test)).ok).toBe(true);
    expect(fake.calls).toEqual([
      ['/usr/bin/docker', 'run', '--rm', '--user', '1000770000:0', 'img', 'id', '-u'],
      ['podman', 'run', '--rm', '--user', '1000770000:0', 'img', 'id', '-u'],
    ]);
  });

  it('creates the buildah container from the given source, and reports a failed create', async () => {
    const fake = fakeRun(() => ({ lines: ['no such image'], exitCode: 125 }));
    const source = { pull: 'always', tlsVerify: false } as const;
    const result = await createSmokeTester('buildah', {}, fake.run, source)('img', test);
    expect(result).toEqual({ ok: false, output: 'buildah from img failed: no such image' });
    const name = fake.calls[0]?.[fake.calls[0].indexOf('--name') + 1];
    expect(name).toMatch(new RegExp(`^catalog-test-${process.pid}-[0-9a-f]{8}$`));
    expect(fake.calls).toEqual([
      [
        'buildah',
        '--storage-driver',
        'vfs',
        'from',
        '--pull=always',
        '--tls-verify=false',
        '--name',
        name,
        '--quiet',
        'img',
      ],
    ]);
  });

  it('removes the container when the run is aborted, with a signal that is not aborted', async () => {
    const controller = new AbortController();
    const removals: { argv: string[]; aborted: boolean | undefined }[] = [];
    const run = async (argv: readonly string[], options: RunOptions): Promise<ProcessResult> => {
      if (argv.includes('rm')) removals.push({ argv: [...argv], aborted: options.signal?.aborted });
      if (argv.includes('from')) options.onLine?.('ctr-9', 'stdout');
      if (argv.includes('run')) controller.abort();
      const aborted = options.signal?.aborted ?? false;
      return { exitCode: aborted ? 143 : 0, signal: undefined, aborted, durationMs: 1, tail: [] } as ProcessResult;
    };
    const result = await createSmokeTester('buildah', {}, run)('img', test, { signal: controller.signal });
    expect(result.ok).toBe(false);
    expect(removals).toEqual([{ argv: ['buildah', '--storage-driver', 'vfs', 'rm', 'ctr-9'], aborted: false }]);
  });

  it('removes a container whose create was aborted after naming it', async () => {
    const run = async (argv: readonly string[], options: RunOptions): Promise<ProcessResult> => {
      if (argv.includes('from')) options.onLine?.('ctr-7', 'stdout');
      const aborted = argv.includes('from');
      return { exitCode: aborted ? 143 : 0, signal: undefined, aborted, durationMs: 1, tail: [] } as ProcessResult;
    };
    const calls: string[][] = [];
    const tracked = async (argv: readonly string[], options: RunOptions) => {
      calls.push([...argv]);
      return run(argv, options);
    };
    expect((await createSmokeTester('buildah', {}, tracked)('img', test)).ok).toBe(false);
    expect(calls.at(-1)).toEqual(['buildah', '--storage-driver', 'vfs', 'rm', 'ctr-7']);
  });

  it('refuses kaniko, which cannot run images', async () => {
    await expect(createSmokeTester('kaniko')('img', test)).rejects.toThrow('kaniko cannot run images');
  });
});

describe('removeStaleTestContainers', () => {
  it('removes the test containers of runs that are gone, and no other container', async () => {
    const dead = spawnSync('true').pid as number;
    const fake = fakeRun((argv) =>
      argv.includes('containers')
        ? {
            lines: [
              `catalog-test-${dead}-0a1b2c3d`,
              `catalog-test-${process.pid}-0a1b2c3d`,
              `catalog-test-${process.ppid}-0a1b2c3d`,
              'debian-working-container',
              `catalog-test-${dead}-x`,
            ],
            exitCode: 0,
          }
        : { lines: [], exitCode: 0 },
    );
    expect(await removeStaleTestContainers('buildah', {}, fake.run)).toEqual([`catalog-test-${dead}-0a1b2c3d`]);
    expect(fake.calls).toEqual([
      ['buildah', '--storage-driver', 'vfs', 'containers', '--noheading', '--format', '{{.ContainerName}}'],
      ['buildah', '--storage-driver', 'vfs', 'rm', `catalog-test-${dead}-0a1b2c3d`],
    ]);
  });

  it('does nothing for engines whose tests remove their own containers', async () => {
    const fake = fakeRun(() => ({ lines: [], exitCode: 0 }));
    expect(await removeStaleTestContainers('podman', {}, fake.run)).toEqual([]);
    expect(fake.calls).toEqual([]);
  });
});
