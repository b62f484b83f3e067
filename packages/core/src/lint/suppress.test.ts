import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';

const lint = (text: string): string[] =>
  lintDockerfile(text, 'Dockerfile').map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}: ${f.message}`);

const rules = (text: string): string[] => lintDockerfile(text, 'Dockerfile').map((f) => `${f.line} ${f.rule}`);

describe('suppression comments', () => {
  it('silence the listed rules on the next instruction when they give a reason', () => {
    const text = [
      'FROM debian:13',
      '# catalog-lint ignore=apt-cleanup,apt-install-recommends the lists are removed by the base cleanup step',
      'RUN apt-get install -y curl',
      'RUN apt-get install -y wget',
      'USER 10001',
    ].join('\n');
    expect(rules(text)).toEqual(['4 apt-cleanup', '4 apt-install-recommends']);
  });

  it('reach over blank and other comment lines, and cover every line of the instruction', () => {
    const text = [
      'FROM debian:13',
      '# catalog-lint ignore=unsorted-packages grouped by purpose',
      '',
      '# runtime libraries',
      'RUN apk add --no-cache \\',
      '  b=1.0-r0 \\',
      '  a=1.0-r0',
      'USER 10001',
    ].join('\n');
    expect(rules(text)).toEqual([]);
    expect(rules(text.replace('RUN apk', 'USER 0\nRUN apk'))).toEqual(['8 unsorted-packages']);
  });

  it('apply to the instruction they sit in, between continuation lines', () => {
    const text =
      'FROM debian:13\nRUN apk add --no-cache \\\n  # catalog-lint ignore=unsorted-packages by purpose\n  b~1 \\\n  a~1\nUSER 10001';
    expect(rules(text)).toEqual([]);
  });

  it('still apply without a reason, but the missing reason is a warning', () => {
    expect(lint('# catalog-lint ignore=from-latest,user-missing\nFROM debian')).toEqual([
      '1:1 warning suppression-no-reason: suppression of from-latest, user-missing has no reason; expected "# catalog-lint ignore=RULE[,RULE...] reason"',
    ]);
  });

  it('report unknown rules with a suggestion, and keep the known ones', () => {
    expect(lint('FROM debian:13\n# catalog-lint ignore=usr-missing,from-latest not a runtime image')).toEqual([
      '1:1 error user-missing: the final stage never sets USER, so the image runs as root; add a numeric non-root USER',
      '2:1 warning suppression-invalid: unknown rule "usr-missing" in suppression; did you mean "user-missing"?',
      '2:1 warning suppression-invalid: suppression comment is not followed by an instruction',
    ]);
  });

  it('report malformed comments', () => {
    expect(rules('FROM debian:13\n# catalog-lint disable=run-cd because\nUSER 10001')).toEqual([
      '2 suppression-invalid',
    ]);
    expect(rules('FROM debian:13\n# catalog-lint\nUSER 10001')).toEqual(['2 suppression-invalid']);
    expect(rules('FROM debian:13\n# catalog-linter ignore=x\n# not catalog-lint ignore=x\nUSER 10001')).toEqual([]);
  });

  it('do not leak to later instructions or other rules', () => {
    const text = [
      'FROM debian:13',
      '# catalog-lint ignore=run-cd builds in the source tree',
      'RUN cd /src && make',
      'RUN cd /src && make install',
      '# catalog-lint ignore=run-cd wrong rule on purpose',
      'WORKDIR src',
      'USER 10001',
    ].join('\n');
    expect(rules(text)).toEqual(['4 run-cd', '6 workdir-relative']);
  });

  it('work for findings reported at a FROM (user-missing, missing-label)', () => {
    const text =
      '# catalog-lint ignore=user-missing,missing-label the OS image runs as root; labels come from the build\nFROM debian:13';
    expect(lintDockerfile(text, 'Dockerfile', { requiredLabels: ['a'] })).toEqual([]);
  });
});
