import { describe, expect, it } from 'vitest';
import { BuilderError } from './errors.js';
import { runQuery } from './run-query.js';

describe('runQuery', () => {
  it('returns the whole output and the exit code', async () => {
    const ok = await runQuery(['sh', '-c', 'printf "a\\nb\\n"; echo warn >&2']);
    expect(ok).toEqual({ exitCode: 0, stdout: 'a\nb\n', stderr: 'warn\n' });
    const failed = await runQuery(['sh', '-c', 'echo partial; exit 3']);
    expect(failed).toEqual({ exitCode: 3, stdout: 'partial\n', stderr: '' });
  });

  it('runs in the given folder', async () => {
    expect((await runQuery(['pwd'], { cwd: '/tmp' })).stdout).toBe('/tmp\n');
  });

  it('writes the input to stdin and finds the command on the given PATH', async () => {
    expect((await runQuery(['sh', '-c', 'read line; echo "got $line"'], { input: 'server\n' })).stdout).toBe(
      'got server\n',
    );
    const env = { PATH: '/nowhere', ONLY: 'this' };
    await expect(runQuery(['sh', '-c', 'true'], { env })).rejects.toThrow('cannot start sh: not found');
    expect((await runQuery(['/bin/sh', '-c', 'echo "$ONLY $HOME"'], { env })).stdout).toBe('this \n');
  });

  it('stops a command that outlives its time or its signal', async () => {
    expect((await runQuery(['sleep', '30'], { timeoutMs: 50 })).exitCode).toBe(143);
    const controller = new AbortController();
    const sleeping = runQuery(['sleep', '30'], { signal: controller.signal });
    controller.abort();
    await expect(sleeping).rejects.toThrow('sleep was stopped: interrupted');
  });

  it('reports a signal as 128 + its number', async () => {
    expect((await runQuery(['sh', '-c', 'kill -TERM $$'])).exitCode).toBe(143);
  });

  it('fails with the reason when the command cannot start', async () => {
    const missing = await runQuery(['catalog-no-such-command']).catch((error: unknown) => error);
    expect(missing).toBeInstanceOf(BuilderError);
    expect(missing).toMatchObject({
      message: 'cannot start catalog-no-such-command: not found',
      hint: 'install catalog-no-such-command, or check that it is on PATH',
    });
    await expect(runQuery(['true'], { cwd: '/no/such/dir' })).rejects.toThrow(
      'cannot start true: the directory /no/such/dir does not exist',
    );
    await expect(runQuery([])).rejects.toThrow('cannot run an empty command');
  });
});
