// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatFinding, lintDockerfile } from './lint-dockerfile.js';
import { LINT_RULES } from './rules.js';
import type { LintContext } from './types.js';

const REQUIRED_LABELS = [
  'org.opencontainers.image.title',
  'org.opencontainers.image.version',
  'org.opencontainers.image.source',
  'org.opencontainers.image.base.name',
];

const CLEAN = `# syntax=docker/dockerfile:1
ARG BASE_IMAGE=registry/acme/python:3.13.5

FROM debian:13 AS builder
RUN apt-get update \\
 && apt-get install -y --no-install-recommends \\
      build-essential \\
      ca-certificates \\
      zlib1g-dev \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN make release

FROM \${BASE_IMAGE}
ARG BASE_IMAGE
ARG VERSION=1.0.0
LABEL org.opencontainers.image.title="hello" \\
      org.opencontainers.image.version="\${VERSION}"
LABEL org.opencontainers.image.source="https://git.acme.example/hello" \\
      org.opencontainers.image.base.name="\${BASE_IMAGE}"
RUN apt-get update \\
 && apt-get install -y --no-install-recommends \\
      libsqlite3-0 \\
      tini \\
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=builder /src/dist/ /app/
COPY --chmod=0755 docker-entrypoint.sh /usr/local/bin/
USER 10001
EXPOSE 8080
ENTRYPOINT ["tini", "--", "docker-entrypoint.sh"]
CMD ["python", "-m", "hello"]
`;

const context: LintContext = {
  hasFile: (path) => ['.dockerignore', 'docker-entrypoint.sh'].includes(path),
  readFile: (path) => (path === 'docker-entrypoint.sh' ? '#!/bin/sh\nset -eu\nexec "$@"\n' : undefined),
};

describe('lintDockerfile', () => {
  it('reports each problem of the acceptance example with its rule and line', () => {
    const text = [
      'FROM ubuntu:latest',
      'RUN apt-get update && apt-get install -y curl',
      'ENV DB_PASSWORD=secret',
      'RUN apt-get install -y openssh-server',
    ].join('\n');
    expect(lintDockerfile(text, 'Dockerfile').map((f) => `${f.line}:${f.column} ${f.severity} ${f.rule}`)).toEqual([
      '1:1 error user-missing',
      '1:6 error from-latest',
      '2:23 error apt-cleanup',
      '2:23 warning apt-install-recommends',
      '3:5 error hardcoded-secret',
      '4:5 error apt-cleanup',
      '4:5 warning apt-install-recommends',
      '4:24 error ssh-server',
    ]);
  });

  it('finds nothing in a clean multi-stage Dockerfile, with every option on but digests', () => {
    expect(lintDockerfile(CLEAN, 'images/hello/Dockerfile', { requiredLabels: REQUIRED_LABELS, context })).toEqual([]);
  });

  it('reports what the clean Dockerfile would get wrong in its final stage only', () => {
    const broken = CLEAN.replace('USER 10001', 'USER app')
      .replace('EXPOSE 8080', 'EXPOSE 80')
      .replace('tini \\\n && rm -rf /var/lib/apt/lists/*\n', 'tini\n');
    expect(lintDockerfile(broken, 'Dockerfile').map((f) => `${f.line} ${f.rule}`)).toEqual([
      '23 apt-cleanup',
      '29 user-non-numeric',
      '30 expose-privileged-port',
    ]);
  });

  it('sorts findings by line, then column, and names the file', () => {
    const findings = lintDockerfile('FROM a\nMAINTAINER me\nFROM b:latest AS c\nWORKDIR x', 'ctx/Dockerfile.dev');
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'ctx/Dockerfile.dev:1:6 from-latest',
      'ctx/Dockerfile.dev:2:1 deprecated-maintainer',
      'ctx/Dockerfile.dev:3:1 user-missing',
      'ctx/Dockerfile.dev:3:6 from-latest',
      'ctx/Dockerfile.dev:4:9 workdir-relative',
    ]);
  });

  it('skips disabled rules', () => {
    const findings = lintDockerfile('FROM a\nMAINTAINER me', 'Dockerfile', { disabledRules: ['user-missing', 'nope'] });
    expect(findings.map((f) => f.rule)).toEqual(['from-latest', 'deprecated-maintainer']);
  });

  it('takes the severity of each rule from the options, off disabling it', () => {
    const findings = lintDockerfile('FROM a\nMAINTAINER me', 'Dockerfile', {
      severities: { 'from-latest': 'warning', 'deprecated-maintainer': 'error', 'user-missing': 'off' },
    });
    expect(findings.map((f) => `${f.rule} ${f.severity}`)).toEqual([
      'from-latest warning',
      'deprecated-maintainer error',
    ]);
  });

  it('handles CRLF line endings and the backtick escape directive', () => {
    const text = '# escape=`\r\nFROM debian:13\r\nRUN apk add `\r\n  b=1 `\r\n  a=1\r\nUSER 10001\r\n';
    expect(lintDockerfile(text, 'Dockerfile').map((f) => `${f.line}:${f.column} ${f.rule}`)).toEqual([
      '3:5 apk-no-cache',
      '5:3 unsorted-packages',
    ]);
  });

  it.each([
    '',
    '# just a comment',
    'FROM',
    'FROM debian:13\nUSER\nEXPOSE\nWORKDIR\nCMD\nADD\nCOPY\nENV\nARG\nLABEL\nRUN',
    'FROM debian:13\nRUN echo "unterminated \\\n',
    'FROM debian:13\nRUN <<EOF\napt-get install x',
    'FROM debian:13\nCMD ["unterminated", \nUSER 1',
    'FROM ${A:-${B}}\nONBUILD RUN apt-get install x\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  ])('never throws (%j)', (text) => {
    expect(() =>
      lintDockerfile(text, 'Dockerfile', { requiredLabels: ['a'], requireDigest: true, context }),
    ).not.toThrow();
  });

  it('reports a Dockerfile without FROM once', () => {
    expect(lintDockerfile('', 'Dockerfile').map((f) => `${f.line} ${f.rule}`)).toEqual(['1 missing-from']);
  });
});

describe('formatFinding', () => {
  it('prints file:line:column: severity rule: message', () => {
    const [finding] = lintDockerfile('FROM ubuntu:latest\nUSER 10001', 'Dockerfile');
    expect(finding && formatFinding(finding)).toBe(
      'Dockerfile:1:6: error from-latest: FROM ubuntu:latest uses the mutable latest tag; pin a version tag',
    );
  });
});

describe('docs/lint-rules.md', () => {
  const docs = readFileSync(new URL('../../../../docs/lint-rules.md', import.meta.url), 'utf8');

  it.each(LINT_RULES.map((r) => [r.id, r.severity] as const))('documents %s (%s)', (id, severity) => {
    expect(docs).toContain(`### \`${id}\` (${severity})`);
  });
});
