import { describe, expect, it } from 'vitest';
import { findRunMounts } from './run-mounts.js';

describe('findRunMounts', () => {
  it('finds every --mount of every RUN, with its line and column', () => {
    const text =
      'FROM debian:13\nRUN --mount=type=cache,target=/var/lib/apt \\\n  --mount=type=secret,id=t apt-get update\nRUN echo --mount=x\n';
    expect(findRunMounts(text)).toEqual([
      { line: 2, column: 5, mount: 'type=cache,target=/var/lib/apt' },
      { line: 3, column: 3, mount: 'type=secret,id=t' },
    ]);
  });
});
