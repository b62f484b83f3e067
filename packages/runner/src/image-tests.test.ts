import type { NodeSmokeTest } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { configLabels, missingLabels, smokeTestImage } from './image-tests.js';

const tests: NodeSmokeTest[] = [
  { name: 'one', run: ['true'] },
  { name: 'two', run: ['false'] },
  { name: 'three', run: ['true'] },
];

describe('the label check', () => {
  it('lists the required labels that are absent or empty, in order', () => {
    expect(missingLabels(['a', 'b', 'c', 'd'], { a: 'x', c: '', e: 'y' })).toEqual(['b', 'c', 'd']);
    expect(missingLabels(['a'], { a: 'x' })).toEqual([]);
  });

  it('reads the labels of an image config', () => {
    expect(configLabels({ config: { Labels: { a: 'x' } } })).toEqual({ a: 'x' });
    expect(configLabels({ config: {} })).toEqual({});
    expect(configLabels({})).toEqual({});
  });
});

describe('the smoke-test loop', () => {
  const tester = (seen: string[]) => async (image: string, test: NodeSmokeTest, options: object) => {
    seen.push(`${image} ${test.name} ${JSON.stringify(options)}`);
    return { ok: test.run[0] === 'true', output: test.name };
  };

  it('runs every test in order and reports each', async () => {
    const seen: string[] = [];
    const started: string[] = [];
    const runs = await smokeTestImage('img', tests, tester(seen), { onTest: (t) => started.push(t.name) });
    expect(runs.map((r) => [r.test.name, r.result.ok])).toEqual([
      ['one', true],
      ['two', false],
      ['three', true],
    ]);
    expect(started).toEqual(['one', 'two', 'three']);
    expect(seen).toEqual(['img one {}', 'img two {}', 'img three {}']);
  });

  it('stops at the first failure when asked, and passes the log file and signal on', async () => {
    const seen: string[] = [];
    const signal = new AbortController().signal;
    const runs = await smokeTestImage('img', tests, tester(seen), { stopAtFailure: true, logFile: 'x.log', signal });
    expect(runs.map((r) => r.test.name)).toEqual(['one', 'two']);
    expect(seen).toEqual(['img one {"signal":{},"logFile":"x.log"}', 'img two {"signal":{},"logFile":"x.log"}']);
  });
});
