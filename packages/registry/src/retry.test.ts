import { describe, expect, it, vi } from 'vitest';
import { RegistryError } from './errors.js';
import { parseRetryAfter, RetryPolicy } from './retry.js';

const serverError = (init: Partial<ConstructorParameters<typeof RegistryError>[0]> = {}) =>
  new RegistryError({
    kind: 'server',
    host: 'h',
    operation: 'do it',
    reason: 'HTTP 500',
    status: 500,
    retryable: true,
    ...init,
  });

describe('RetryPolicy', () => {
  it('retries retryable errors with growing, jittered, bounded delays', async () => {
    const sleep = vi.fn(async (_ms: number) => {});
    const policy = new RetryPolicy({ attempts: 5, baseDelayMs: 100, maxDelayMs: 300, sleep, random: () => 1 });
    const attempt = vi.fn(async () => {
      throw serverError();
    });
    const error = await policy.run(attempt).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'server', attempts: 5 });
    expect((error as Error).message).toBe('cannot do it: HTTP 500 (gave up after 5 attempts)');
    expect(sleep.mock.calls.map(([ms]) => ms)).toEqual([100, 200, 300, 300]);
  });

  it('stops at once on errors that are not retryable', async () => {
    const sleep = vi.fn(async () => {});
    const attempt = vi.fn(async () => {
      throw serverError({ kind: 'not-found', status: 404, retryable: false });
    });
    await expect(new RetryPolicy({ sleep }).run(attempt)).rejects.toMatchObject({
      kind: 'not-found',
      attempts: undefined,
    });
    expect(attempt).toHaveBeenCalledTimes(1);
    expect(sleep).not.toHaveBeenCalled();
  });

  it('waits as asked by Retry-After, but not longer than allowed', async () => {
    const sleep = vi.fn(async (_ms: number) => {});
    let calls = 0;
    const result = await new RetryPolicy({ sleep }).run(async () => {
      calls++;
      if (calls === 1) throw serverError({ kind: 'rate-limited', status: 429, retryAfterMs: 3000 });
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(sleep.mock.calls).toEqual([[3000]]);
    const tooLong = new RetryPolicy({ sleep, maxRetryAfterMs: 1000 }).run(async () => {
      throw serverError({ kind: 'rate-limited', status: 429, retryAfterMs: 3_600_000 });
    });
    await expect(tooLong).rejects.toMatchObject({ kind: 'rate-limited', attempts: 1 });
  });

  it('passes other errors through untouched', async () => {
    const bug = new Error('bug');
    await expect(new RetryPolicy().run(async () => Promise.reject(bug))).rejects.toBe(bug);
  });
});

it('parses Retry-After seconds and dates', () => {
  expect(parseRetryAfter('7')).toBe(7000);
  expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
  expect(parseRetryAfter(null)).toBeUndefined();
  expect(parseRetryAfter('soon')).toBeUndefined();
});
