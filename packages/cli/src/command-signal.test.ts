import { ReportedFailure } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { InterruptedError, withCommandSignal } from './command-signal.js';

describe('withCommandSignal', () => {
  it('passes the work its result when no signal came, and removes its listeners', async () => {
    expect(await withCommandSignal(async (signal) => (signal.aborted ? 'aborted' : 'done'))).toBe('done');
    expect(process.listenerCount('SIGINT') + process.listenerCount('SIGTERM')).toBe(0);
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s aborts the signal, and the command ends interrupted (exit 130)',
    async (name) => {
      const work = withCommandSignal(async (signal) => {
        process.emit(name);
        expect(signal.aborted).toBe(true);
        return 'finished anyway';
      });
      const error = await work.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InterruptedError);
      expect(error).toMatchObject({ exitCode: 130, message: 'interrupted' });
      const failing = withCommandSignal(async () => {
        process.emit(name);
        throw new Error('cannot list tags: interrupted');
      });
      await expect(failing).rejects.toBeInstanceOf(InterruptedError);
    },
  );

  it('keeps a report the work already printed (its exit code) after a signal', async () => {
    const reported = withCommandSignal(async () => {
      process.emit('SIGINT');
      throw new ReportedFailure('the build did not complete', 130);
    });
    await expect(reported).rejects.toBeInstanceOf(ReportedFailure);
  });
});
