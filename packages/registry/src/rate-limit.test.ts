import { expect, it } from 'vitest';
import { readRateLimit } from './rate-limit.js';

it("reads Docker Hub's rate-limit headers", () => {
  const headers = new Headers({ 'ratelimit-limit': '100;w=21600', 'ratelimit-remaining': '0;w=21600' });
  expect(readRateLimit(headers)).toEqual({ limit: 100, remaining: 0, windowSeconds: 21600 });
  expect(readRateLimit(new Headers({ 'ratelimit-limit': '100' }))).toBeUndefined();
  expect(readRateLimit(new Headers({ 'ratelimit-limit': '5000', 'ratelimit-remaining': '4999' }))).toEqual({
    limit: 5000,
    remaining: 4999,
  });
});
