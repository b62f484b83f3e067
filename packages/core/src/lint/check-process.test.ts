import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';
import type { LintContext } from './types.js';
import { isShellScript, lastCommand, scriptOf } from './wrapper-script.js';

const files = (entries: Record<string, string>): LintContext => ({
  hasFile: (path) => path in entries,
  readFile: (path) => entries[path],
});

const NO_EXEC = '#!/bin/sh\nset -e\n\n# start\ngunicorn \\\n  app:app\n';
const EXEC = '#!/usr/bin/env bash\nset -e\nif [ "$1" = serve ]; then\n  set -- gunicorn app:app\nfi\nexec "$@"\n\n';

const processFindings = (text: string, context?: LintContext): string[] =>
  lintDockerfile(text, 'Dockerfile', context ? { context } : {})
    .filter((f) => f.rule === 'shell-form' || f.rule === 'wrapper-no-exec')
    .map((f) => `${f.line}:${f.column} ${f.rule}: ${f.message}`);

describe('shell-form', () => {
  it('reports CMD and ENTRYPOINT in shell form, in every stage', () => {
    const text = 'FROM debian:13 AS test\nCMD make test\nFROM debian:13\nENTRYPOINT exec app\nCMD [not, json]';
    expect(processFindings(text).map((f) => f.split(':').slice(0, 2).join(':'))).toEqual([
      '2:1 shell-form',
      '4:1 shell-form',
      '5:1 shell-form',
    ]);
  });

  it('accepts the exec form, also across continuation lines', () => {
    expect(processFindings('FROM debian:13\nENTRYPOINT ["tini", "--"]\nCMD ["gunicorn", \\\n  "app:app"]')).toEqual([]);
  });
});

describe('wrapper-no-exec', () => {
  const context = files({ 'docker-entrypoint.sh': NO_EXEC, 'bin/run.sh': EXEC, 'start.py': 'print(1)\n' });

  it('reads the script through the COPY that put it in the image', () => {
    const text = 'FROM debian:13\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]';
    expect(processFindings(text, context)).toEqual([
      '3:12 wrapper-no-exec: ENTRYPOINT runs docker-entrypoint.sh, whose last command (line 5) does not start with exec; end it with exec so the main process is PID 1 and gets signals',
    ]);
  });

  it.each([
    ['COPY . /app\nENTRYPOINT ["/app/docker-entrypoint.sh"]', 1],
    ['WORKDIR /app\nCOPY . .\nCMD ["./docker-entrypoint.sh"]', 1],
    ['COPY *.sh /opt/\nENTRYPOINT ["tini", "--", "/opt/docker-entrypoint.sh"]', 1],
    ['COPY docker-entrypoint.sh /entrypoint\nENTRYPOINT ["/bin/sh", "/entrypoint"]', 1],
    ['COPY docker-entrypoint.sh /entrypoint\nENTRYPOINT ["/bin/sh", "-c", "exec /entrypoint"]', 0],
    ['COPY bin/ /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/run.sh"]', 0],
    ['COPY start.py /start.py\nCMD ["/start.py"]', 0],
    ['COPY --from=builder /docker-entrypoint.sh /\nENTRYPOINT ["/docker-entrypoint.sh"]', 0],
    ['ENTRYPOINT ["/docker-entrypoint.sh"]', 0],
  ])('%s', (body, count) => {
    expect(processFindings(`FROM debian:13\nUSER 10001\n${body}`, context)).toHaveLength(count);
  });

  it('is only checked with a build context and in stages that end up in the image', () => {
    const text = 'FROM debian:13\nCOPY docker-entrypoint.sh /e.sh\nENTRYPOINT ["/e.sh"]';
    expect(processFindings(text)).toEqual([]);
    expect(processFindings(`${text}\nFROM debian:13\nUSER 10001`, context)).toEqual([]);
  });
});

describe('wrapper scripts', () => {
  it.each([
    [['/entrypoint.sh', 'app'], '/entrypoint.sh'],
    [['tini', '-g', '--', '/entrypoint.sh'], '/entrypoint.sh'],
    [['bash', '-e', 'run.sh'], 'run.sh'],
    [['sh', '-c', 'run.sh'], undefined],
    [[], undefined],
  ])('scriptOf(%j)', (words, expected) => {
    expect(scriptOf(words)).toBe(expected);
  });

  it('finds the last command line, joining continuations and skipping comments', () => {
    expect(lastCommand(NO_EXEC)).toEqual({ line: 5, text: 'gunicorn app:app' });
    expect(lastCommand(EXEC)).toEqual({ line: 6, text: 'exec "$@"' });
    expect(lastCommand('#!/bin/sh\n# nothing\n')).toBeUndefined();
  });

  it('recognizes shell scripts by shebang or name', () => {
    expect(isShellScript('x', '#!/bin/bash\n')).toBe(true);
    expect(isShellScript('x', '#!/usr/bin/env sh\n')).toBe(true);
    expect(isShellScript('x.sh', '#!/usr/bin/env python3\n')).toBe(false);
    expect(isShellScript('x.sh', 'exec app\n')).toBe(true);
    expect(isShellScript('x', 'exec app\n')).toBe(false);
  });
});
