// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';
import type { LintContext, LintOptions } from './types.js';

/** `line:column rule` of the findings of the given rules. */
const only =
  (...rules: string[]) =>
  (text: string, options: LintOptions = {}): string[] =>
    lintDockerfile(text, 'Dockerfile', options)
      .filter((f) => rules.includes(f.rule))
      .map((f) => `${f.line}:${f.column} ${f.rule}`);

const context = (paths: string[]): LintContext => ({
  hasFile: (path) => paths.includes(path),
  readFile: () => undefined,
});

describe('missing-label', () => {
  const labels = only('missing-label');
  const requiredLabels = ['org.opencontainers.image.title', 'org.opencontainers.image.version', 'io.acme.catalog.kind'];

  it('is off without requiredLabels', () => {
    expect(labels('FROM debian:13')).toEqual([]);
  });

  it('lists every missing label in one finding at the final FROM', () => {
    const findings = lintDockerfile('FROM debian:13 AS b\nFROM debian:13\nLABEL a=b', 'Dockerfile', { requiredLabels });
    expect(findings.filter((f) => f.rule === 'missing-label').map((f) => [f.line, f.message])).toEqual([
      [
        2,
        'the final stage does not set the required labels org.opencontainers.image.title, org.opencontainers.image.version, io.acme.catalog.kind',
      ],
    ]);
  });

  it('collects labels across instructions and inherited stages, with ARG values and keys', () => {
    const text = [
      'ARG PREFIX=io.acme.catalog',
      'FROM debian:13 AS base',
      'LABEL org.opencontainers.image.title="Python"',
      'FROM base',
      'ARG VERSION',
      'ARG PREFIX',
      'LABEL "org.opencontainers.image.version"="${VERSION}" \\',
      '      ${PREFIX}.kind=runtime',
    ].join('\n');
    expect(labels(text, { requiredLabels })).toEqual([]);
  });

  it('does not count labels of builder stages or empty values', () => {
    const text =
      'FROM debian:13 AS builder\nLABEL org.opencontainers.image.title=x\nFROM debian:13\nLABEL org.opencontainers.image.version=""';
    expect(labels(text, { requiredLabels: requiredLabels.slice(0, 2) })).toEqual(['3:1 missing-label']);
  });
});

describe('deprecated-maintainer', () => {
  it('reports MAINTAINER in any stage', () => {
    expect(only('deprecated-maintainer')('FROM debian:13 AS a\nMAINTAINER x\nFROM a\nMAINTAINER y')).toEqual([
      '2:1 deprecated-maintainer',
      '4:1 deprecated-maintainer',
    ]);
  });
});

describe('workdir-relative', () => {
  const workdir = only('workdir-relative');

  it.each([
    ['WORKDIR app', ['2:9 workdir-relative']],
    ['WORKDIR ./app', ['2:9 workdir-relative']],
    ['WORKDIR /app\nWORKDIR src', ['3:9 workdir-relative']],
    ['WORKDIR /app', []],
    ['WORKDIR C:\\app', []],
    ['ARG HOME=/home/app\nWORKDIR ${HOME}/src', []],
    ['ARG DIR=app\nWORKDIR $DIR', ['3:9 workdir-relative']],
    ['WORKDIR $HOME/src', []],
  ])('%s', (body, expected) => {
    expect(workdir(`FROM debian:13\n${body}`)).toEqual(expected);
  });
});

describe('run-cd', () => {
  it('reports the first cd of a RUN, in any stage', () => {
    const text =
      'FROM debian:13 AS b\nRUN make -C /src && (cd /src && make) && cd /\nFROM b\nRUN if true; then cd /x; fi';
    expect(only('run-cd')(text)).toEqual(['2:22 run-cd', '4:19 run-cd']);
  });

  it('accepts RUNs without cd', () => {
    expect(only('run-cd')('FROM debian:13\nWORKDIR /src\nRUN make && echo cd')).toEqual([]);
  });
});

describe('consecutive-run', () => {
  const runs = only('consecutive-run');

  it('reports three or more RUNs in a row at the first, in stages that end up in the image', () => {
    const text = 'FROM debian:13 AS b\nRUN a\nRUN b\nRUN c\nFROM debian:13\n# one\nRUN a\n\nRUN b\nRUN c\nRUN d';
    const findings = lintDockerfile(text, 'Dockerfile').filter((f) => f.rule === 'consecutive-run');
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [7, '4 consecutive RUN instructions (lines 7-11) could be one; chain them with &&'],
    ]);
  });

  it('honours maxConsecutiveRuns', () => {
    expect(runs('FROM debian:13\nRUN a\nRUN b', { maxConsecutiveRuns: 1 })).toEqual(['2:1 consecutive-run']);
    expect(runs('FROM debian:13\nRUN a\nRUN b\nRUN c', { maxConsecutiveRuns: 3 })).toEqual([]);
  });
});

describe('ADD', () => {
  const add = only('add-instead-of-copy', 'add-remote-url');

  it.each([
    ['ADD app.py requirements.txt /app/', ['2:1 add-instead-of-copy']],
    ['ADD --chown=10001:0 src/ /app/', ['2:1 add-instead-of-copy']],
    ['ADD ["a b.txt", "/app/"]', ['2:1 add-instead-of-copy']],
    ['ADD https://example.com/x.tar.gz /opt/', ['2:5 add-remote-url']],
    ['ADD --checksum=sha256:abc https://example.com/x /x', ['2:27 add-remote-url']],
    ['ADD git@github.com:acme/repo.git /src', ['2:5 add-remote-url']],
    ['ARG URL=https://example.com/x\nADD ${URL} /x', ['3:5 add-remote-url']],
    ['ADD rootfs.tar /', []],
    ['ADD rootfs.tar.xz vendor.tgz /', []],
    ['ARG ROOTFS=rootfs.tar.gz\nADD ${ROOTFS} /', []],
    ['ADD $ARCHIVE /', []],
    ['COPY app.py /app/', []],
  ])('%s', (body, expected) => {
    expect(add(`FROM debian:13\n${body}`)).toEqual(expected);
  });
});

describe('missing-dockerignore', () => {
  const ignore = only('missing-dockerignore');

  it('needs a build context', () => {
    expect(ignore('FROM debian:13\nCOPY . /app')).toEqual([]);
  });

  it.each([
    ['COPY . /app', [], ['2:6 missing-dockerignore']],
    ['COPY --chown=10001 ./ /app/', [], ['2:20 missing-dockerignore']],
    ['ADD . /app', [], ['2:5 missing-dockerignore']],
    ['COPY . /app', ['.dockerignore'], []],
    ['COPY . /app', ['Dockerfile.dockerignore'], []],
    ['COPY --from=builder . /app', [], []],
    ['COPY src /app/src', [], []],
  ])('%s with %j', (body, paths, expected) => {
    expect(ignore(`FROM debian:13\n${body}`, { context: context(paths) })).toEqual(expected);
  });
});
