import { describe, expect, it } from 'vitest';
import { EXAMPLE, load } from '../../test/helpers.js';
import { UsageError } from '../errors.js';
import { selectNodes } from './select.js';

const { graph } = load(EXAMPLE);
const select = (selectors: string[], options = {}): string[] => selectNodes(graph, selectors, options).map((n) => n.id);

describe('selectNodes', () => {
  it.each([
    { selectors: [], expected: graph.order.map((n) => n.id) },
    { selectors: ['python'], expected: ['python:3.11.2', 'python:3.13.5'] },
    { selectors: ['python:3.13.5'], expected: ['python:3.13.5'] },
    { selectors: ['flask:3.1.1'], expected: ['flask:3.1.1-python3.13', 'flask:3.1.1-python3.11'] },
    { selectors: ['flask:3.1.1-python3.11'], expected: ['flask:3.1.1-python3.11'] },
    { selectors: ['kind:app'], expected: ['hello:1.0.0'] },
    { selectors: ['hello', 'debian'], expected: ['debian:13', 'hello:1.0.0'] },
  ])('selects $selectors', ({ selectors, expected }) => {
    expect(select(selectors)).toEqual(expected);
  });

  it('adds descendants or ancestors on request', () => {
    expect(select(['python:3.11.2'], { descendants: true })).toEqual(['python:3.11.2', 'flask:3.1.1-python3.11']);
    expect(select(['flask:3.1.1-python3.11'], { ancestors: true })).toEqual([
      'debian:13',
      'pyenv:2.5.4',
      'python:3.11.2',
      'flask:3.1.1-python3.11',
    ]);
  });

  it('rejects unknown selectors with a suggestion', () => {
    expect(() => select(['pyhton'])).toThrow(UsageError);
    expect(() => select(['pyhton'])).toThrow('no node matches "pyhton"; did you mean "python"?');
    expect(() => select(['python:3.12'])).toThrow(/did you mean "python:3.13.5"\?|did you mean "python:3.11.2"\?/);
    expect(() => select(['kind:service'])).toThrow('unknown kind "service" in selector "kind:service"');
  });
});
