// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';
import { LINT_RULES } from './rules.js';
import type { LintContext, LintOptions } from './types.js';

const files = (entries: Record<string, string>): LintContext => ({
  hasFile: (path) => path in entries,
  readFile: (path) => entries[path],
});

const ENTRYPOINT = '#!/bin/sh\nset -eu\nchown app /data\n';
const EXEC_ENTRYPOINT = '#!/bin/sh\nset -eu\nexec "$@"\n';

interface Case {
  readonly rule: string;
  readonly fires: string;
  readonly silent: string;
  readonly options?: LintOptions;
  /** Options for the silent case, when they differ. */
  readonly silentOptions?: LintOptions;
}

/** One Dockerfile that triggers each rule and a close one that does not. */
const CASES: readonly Case[] = [
  { rule: 'from-latest', fires: 'FROM debian', silent: 'FROM debian:13' },
  { rule: 'from-latest', fires: 'FROM debian:latest', silent: `FROM debian@sha256:${'a'.repeat(64)}` },
  { rule: 'from-latest', fires: 'ARG BASE=debian:latest\nFROM ${BASE}', silent: 'ARG BASE=debian:13\nFROM ${BASE}' },
  {
    rule: 'from-digest',
    options: { requireDigest: true },
    fires: 'FROM debian:13',
    silent: `FROM debian:13@sha256:${'a'.repeat(64)}`,
  },
  { rule: 'from-digest', fires: 'FROM debian:13', silent: 'FROM scratch', options: { requireDigest: true } },
  {
    rule: 'apt-cleanup',
    fires: 'FROM debian:13\nRUN apt-get update && apt-get install -y --no-install-recommends curl',
    silent: 'FROM debian:13\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  },
  {
    rule: 'yum-cleanup',
    fires: 'FROM fedora:42\nRUN dnf install -y curl',
    silent: 'FROM fedora:42\nRUN dnf install -y curl && dnf clean all',
  },
  {
    rule: 'apk-no-cache',
    fires: 'FROM alpine:3.22\nRUN apk add curl',
    silent: 'FROM alpine:3.22\nRUN apk add --no-cache curl',
  },
  {
    rule: 'apk-unpinned',
    fires: 'FROM alpine:3.22\nRUN apk add --no-cache curl',
    silent: 'FROM alpine:3.22\nRUN apk add --no-cache curl=8.14.1-r1',
  },
  {
    rule: 'apt-update-alone',
    fires: 'FROM debian:13\nRUN apt-get update',
    silent: 'FROM debian:13\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*',
  },
  {
    rule: 'pip-no-cache-dir',
    fires: 'FROM python:3.13\nRUN pip install -r requirements.txt',
    silent: 'FROM python:3.13\nRUN pip install --no-cache-dir -r requirements.txt',
  },
  {
    rule: 'pip-unpinned',
    fires: 'FROM python:3.13\nRUN pip install --no-cache-dir flask',
    silent: 'FROM python:3.13\nRUN pip install --no-cache-dir flask==3.1.1',
  },
  {
    rule: 'pipefail',
    fires: 'FROM debian:13\nRUN curl -fsSL https://example.com/x.tgz | tar -xz',
    silent: 'FROM debian:13\nRUN set -o pipefail && curl -fsSL https://example.com/x.tgz | tar -xz',
  },
  {
    rule: 'apt-upgrade',
    fires: 'FROM debian:13\nRUN apt-get update && apt-get -y dist-upgrade',
    silent: 'FROM debian:13\nRUN apt-get update && apt-get install -y curl',
  },
  {
    rule: 'apt-install-recommends',
    fires: 'FROM debian:13\nRUN apt-get install -y curl',
    silent: 'FROM debian:13\nRUN apt-get install -y --no-install-recommends curl',
  },
  {
    rule: 'unsorted-packages',
    fires: 'FROM debian:13\nRUN apt-get install -y \\\n  zlib1g \\\n  curl',
    silent: 'FROM debian:13\nRUN apt-get install -y \\\n  curl \\\n  zlib1g',
  },
  { rule: 'user-missing', fires: 'FROM debian:13', silent: 'FROM debian:13\nUSER 10001' },
  {
    rule: 'user-root',
    fires: 'FROM debian:13\nUSER 10001\nUSER root',
    silent: 'FROM debian:13\nUSER root\nUSER 10001',
  },
  { rule: 'user-root', fires: 'FROM debian:13\nUSER 0:0', silent: 'FROM debian:13\nUSER 10001:0' },
  { rule: 'user-non-numeric', fires: 'FROM debian:13\nUSER app', silent: 'FROM debian:13\nUSER 10001' },
  {
    rule: 'shell-form',
    fires: 'FROM debian:13\nCMD python app.py',
    silent: 'FROM debian:13\nCMD ["python", "app.py"]',
  },
  { rule: 'shell-form', fires: 'FROM debian:13\nENTRYPOINT /run.sh', silent: 'FROM debian:13\nENTRYPOINT ["/run.sh"]' },
  {
    rule: 'shell-form',
    fires: 'FROM debian:13\nENTRYPOINT ["/bin/sh", "-c", "prepare && gunicorn app:app"]',
    silent: 'FROM debian:13\nENTRYPOINT ["/bin/sh", "-c", "prepare && exec gunicorn app:app"]',
  },
  {
    rule: 'wrapper-no-exec',
    options: { context: files({ 'entrypoint.sh': ENTRYPOINT }) },
    fires: 'FROM debian:13\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
    silent: 'FROM debian:13\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["tini", "--", "/usr/local/bin/other.sh"]',
  },
  {
    rule: 'wrapper-no-exec',
    options: { context: files({ 'run.sh': ENTRYPOINT, 'entrypoint.sh': EXEC_ENTRYPOINT }) },
    fires: 'FROM debian:13\nCOPY run.sh /usr/local/bin/entrypoint.sh\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
    silent: 'FROM debian:13\nCOPY entrypoint.sh /usr/local/bin/\nENTRYPOINT ["/usr/local/bin/entrypoint.sh"]',
  },
  {
    rule: 'add-instead-of-copy',
    fires: 'FROM debian:13\nADD app.py /app/',
    silent: 'FROM debian:13\nADD rootfs.tar /',
  },
  {
    rule: 'add-remote-url',
    fires: 'FROM debian:13\nADD https://example.com/app.tar.gz /opt/',
    silent: 'FROM debian:13\nCOPY app.tar.gz /opt/',
  },
  {
    rule: 'hardcoded-secret',
    fires: 'FROM debian:13\nENV DB_PASSWORD=secret',
    silent: 'FROM debian:13\nENV DB_PASSWORD=',
  },
  { rule: 'hardcoded-secret', fires: 'FROM debian:13\nARG API_KEY=abc123', silent: 'FROM debian:13\nARG API_KEY' },
  {
    rule: 'default-password',
    fires: "FROM debian:13\nRUN echo 'root:toor' | chpasswd",
    silent: 'FROM debian:13\nRUN useradd --uid 10001 --no-create-home app',
  },
  {
    rule: 'ssh-server',
    fires: 'FROM debian:13\nRUN apt-get install -y openssh-server',
    silent: 'FROM debian:13\nRUN apt-get install -y openssh-client',
  },
  {
    rule: 'ssh-server',
    fires: 'FROM debian:13\nCMD ["/usr/sbin/sshd", "-D"]',
    silent: 'FROM debian:13\nCMD ["ssh", "-V"]',
  },
  {
    rule: 'expose-privileged-port',
    fires: 'FROM debian:13\nUSER 10001\nEXPOSE 80',
    silent: 'FROM debian:13\nUSER 10001\nEXPOSE 8080',
  },
  {
    rule: 'missing-label',
    options: { requiredLabels: ['org.opencontainers.image.title', 'org.opencontainers.image.version'] },
    fires: 'FROM debian:13\nLABEL org.opencontainers.image.title=hello',
    silent:
      'FROM debian:13\nARG VERSION=1.0\nLABEL org.opencontainers.image.title=hello\nLABEL org.opencontainers.image.version=${VERSION}',
  },
  {
    rule: 'deprecated-maintainer',
    fires: 'FROM debian:13\nMAINTAINER me@example.com',
    silent: 'FROM debian:13\nLABEL org.opencontainers.image.authors=me@example.com',
  },
  { rule: 'workdir-relative', fires: 'FROM debian:13\nWORKDIR app', silent: 'FROM debian:13\nWORKDIR /app' },
  {
    rule: 'run-cd',
    fires: 'FROM debian:13\nRUN cd /src && make',
    silent: 'FROM debian:13\nWORKDIR /src\nRUN make',
  },
  {
    rule: 'consecutive-run',
    fires: 'FROM debian:13\nRUN a\nRUN b\nRUN c',
    silent: 'FROM debian:13\nRUN a\nRUN b\nWORKDIR /x\nRUN c',
  },
  {
    rule: 'missing-dockerignore',
    options: { context: files({}) },
    fires: 'FROM debian:13\nCOPY . /app',
    silent: 'FROM debian:13\nCOPY app.py /app/',
  },
  {
    rule: 'missing-dockerignore',
    options: { context: files({}) },
    fires: 'FROM debian:13\nCOPY ./ /app/',
    silent: 'FROM debian:13\nCOPY . /app',
    silentOptions: { context: files({ '.dockerignore': '.git\n' }) },
  },
  {
    rule: 'suppression-no-reason',
    fires: '# catalog-lint ignore=from-latest\nFROM debian',
    silent: '# catalog-lint ignore=from-latest we track upstream on purpose\nFROM debian',
  },
  {
    rule: 'suppression-invalid',
    fires: '# catalog-lint ignore=from-lastest typo\nFROM debian',
    silent: '# catalog lint is not a suppression\nFROM debian',
  },
  { rule: 'missing-from', fires: 'RUN echo hi', silent: 'FROM debian:13\nRUN echo hi' },
];

const rulesOf = (text: string, options?: LintOptions): string[] =>
  lintDockerfile(text, 'Dockerfile', options).map((f) => f.rule);

describe('every rule', () => {
  it.each(CASES)('$rule fires on $fires', ({ rule, fires, options }) => {
    expect(rulesOf(fires, options)).toContain(rule);
  });

  it.each(CASES)('$rule stays silent on $silent', ({ rule, silent, options, silentOptions }) => {
    expect(rulesOf(silent, silentOptions ?? options)).not.toContain(rule);
  });

  it('has a firing and a silent case', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(LINT_RULES.map((r) => r.id)));
  });

  it('has a kebab-case id, a severity, a one-line summary and a rationale', () => {
    for (const rule of LINT_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning']).toContain(rule.severity);
      expect(rule.summary).not.toContain('\n');
      expect(rule.rationale.length).toBeGreaterThan(40);
    }
    expect(new Set(LINT_RULES.map((r) => r.id)).size).toBe(LINT_RULES.length);
  });
});
