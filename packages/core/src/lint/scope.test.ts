// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { buildModel } from './dockerfile-model.js';
import { contextPath, joinPath, matchesGlob, normalizePath } from './paths.js';
import { expand } from './scope.js';

describe('expand', () => {
  const scope = new Map<string, string | null>([
    ['SET', 'v'],
    ['EMPTY', ''],
    ['UNKNOWN', null],
  ]);

  it.each([
    ['$SET/${SET}', 'v/v'],
    ['${SET:-d} ${EMPTY:-d} ${MISSING:-d} ${EMPTY-d} ${MISSING-d}', 'v d d  d'],
    ['${SET:+a} ${EMPTY:+a} ${EMPTY+a} ${MISSING+a}', 'a  a '],
    ['\\$SET', '$SET'],
    ['${UNKNOWN}', undefined],
    ['${UNKNOWN:-d}', undefined],
    ['$MISSING', undefined],
    ['plain', 'plain'],
  ])('%s', (text, expected) => {
    expect(expand(text, scope)).toBe(expected);
  });
});

describe('instruction state', () => {
  const text = [
    'ARG VERSION=1',
    'FROM debian:13 AS base',
    'ARG VERSION',
    'ENV APP=/app V=${VERSION}',
    'WORKDIR ${APP}',
    'WORKDIR src',
    'ENV APP=/other V2=${APP}',
    'RUN true',
    'FROM base',
    'RUN true',
  ].join('\n');
  const model = buildModel(text);
  const [base, child] = model.stages;
  const state = (stage: typeof base, index: number) => {
    const instruction = stage?.instructions[index];
    return instruction && model.stateOf(instruction);
  };

  it('expands ARG (with the global default) and ENV, ENV values seeing the state before the instruction', () => {
    expect(Object.fromEntries(state(base, 5)?.scope ?? [])).toEqual({
      VERSION: '1',
      APP: '/other',
      V: '1',
      V2: '/app',
    });
  });

  it('tracks WORKDIR and inherits ENV and WORKDIR, not ARG, through FROM <stage>', () => {
    expect(state(base, 5)?.workdir).toBe('/app/src');
    expect(state(child, 0)).toEqual({
      scope: new Map([
        ['APP', '/other'],
        ['V', '1'],
        ['V2', '/app'],
      ]),
      workdir: '/app/src',
    });
    const run = child?.instructions[0];
    expect(run && model.stageOf(run)).toBe(child);
  });
});

describe('paths', () => {
  it.each([
    ['/a/./b//c/../d', '/a/b/d'],
    ['/..', '/'],
    ['./x/', 'x'],
    ['', '.'],
    ['../x', '../x'],
  ])('normalizePath(%j)', (path, expected) => {
    expect(normalizePath(path)).toBe(expected);
  });

  it('joins and maps context paths', () => {
    expect(joinPath('/app', 'src/../bin')).toBe('/app/bin');
    expect(joinPath('/app', '/abs')).toBe('/abs');
    expect(contextPath('/')).toBe('.');
    expect(contextPath('./scripts/run.sh')).toBe('scripts/run.sh');
  });

  it('matches globs on file names', () => {
    expect(matchesGlob('*.sh', 'entrypoint.sh')).toBe(true);
    expect(matchesGlob('run-?.sh', 'run-1.sh')).toBe(true);
    expect(matchesGlob('[ab].txt', 'c.txt')).toBe(false);
    expect(matchesGlob('*.sh', 'x.sh.bak')).toBe(false);
  });
});
