import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';

const PACKAGE_RULES = new Set([
  'apt-cleanup',
  'yum-cleanup',
  'apk-no-cache',
  'apt-upgrade',
  'apt-install-recommends',
  'unsorted-packages',
  'ssh-server',
]);

/** `line:column rule` of the package findings of a one-stage Dockerfile whose RUN starts on line 2. */
const findings = (run: string, from = 'debian:13'): string[] =>
  lintDockerfile(`FROM ${from}\n${run}\nUSER 10001\n`, 'Dockerfile')
    .filter((f) => PACKAGE_RULES.has(f.rule))
    .map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('apt', () => {
  it.each([
    'RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update \\\n && apt-get -y --no-install-recommends install curl \\\n && rm -rf /var/lib/apt/lists',
    'RUN DEBIAN_FRONTEND=noninteractive apt-get install -y -o APT::Install-Recommends=false curl; rm -rf /var/lib/apt/lists/*',
    'RUN --mount=type=cache,target=/var/lib/apt,sharing=locked apt-get update && apt-get install -y --no-install-recommends curl',
    'RUN <<EOF\nset -e\napt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\nEOF',
    'RUN apt install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*',
    'RUN apt-get update && apt-get install -y --no-install-recommends curl && apt-get dist-clean',
  ])('accepts %s', (run) => {
    expect(findings(run)).toEqual([]);
  });

  it('requires the cleanup after the install, in the same RUN', () => {
    expect(findings('RUN rm -rf /var/lib/apt/lists/* && apt-get install -y --no-install-recommends curl')).toEqual([
      '2:36 apt-cleanup',
    ]);
    expect(findings('RUN apt-get install -y --no-install-recommends curl\nRUN rm -rf /var/lib/apt/lists/*')).toEqual([
      '2:5 apt-cleanup',
    ]);
  });

  it('counts apt-get dist-clean as cleanup only after the install', () => {
    expect(findings('RUN apt-get dist-clean && apt-get install -y --no-install-recommends curl')).toEqual([
      '2:27 apt-cleanup',
    ]);
    expect(findings('RUN apt-get install -y --no-install-recommends curl && apt-get clean')).toEqual([
      '2:5 apt-cleanup',
    ]);
  });

  it('reports upgrades in any stage', () => {
    expect(findings('RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*')).toEqual([
      '2:23 apt-upgrade',
    ]);
    expect(findings('RUN apt full-upgrade -y')).toEqual(['2:5 apt-upgrade']);
  });

  it('reports recommends per install command', () => {
    expect(findings('RUN apt-get install -y a && apt-get install -y b && rm -rf /var/lib/apt/lists/*')).toEqual([
      '2:5 apt-install-recommends',
      '2:29 apt-install-recommends',
    ]);
  });
});

describe('yum, dnf and microdnf', () => {
  it.each([
    'RUN yum install -y curl && yum clean all',
    'RUN dnf -y install curl && rm -rf /var/cache/dnf',
    'RUN microdnf install -y curl && microdnf clean all',
    'RUN --mount=type=cache,target=/var/cache/dnf dnf install -y curl',
    'RUN dnf clean all',
  ])('accepts %s', (run) => {
    expect(findings(run, 'fedora:42')).toEqual([]);
  });

  it.each([
    ['RUN yum install -y curl', '2:5 yum-cleanup'],
    ['RUN dnf clean all && dnf install -y curl', '2:22 yum-cleanup'],
    ['RUN microdnf update -y', '2:5 yum-cleanup'],
  ])('reports %s', (run, expected) => {
    expect(findings(run, 'fedora:42')).toEqual([expected]);
  });
});

describe('apk', () => {
  it.each([
    'RUN apk add --no-cache curl',
    'RUN apk --no-cache add curl',
    'RUN --mount=type=cache,target=/var/cache/apk apk add curl',
  ])('accepts %s', (run) => {
    expect(findings(run, 'alpine:3.22')).toEqual([]);
  });

  it('reports apk add without --no-cache', () => {
    expect(findings('RUN apk update && apk add -t .build-deps gcc', 'alpine:3.22')).toEqual(['2:19 apk-no-cache']);
  });
});

describe('unsorted-packages', () => {
  it('reports the first package out of order in a multi-line list', () => {
    const run = [
      'RUN apt-get update && apt-get install -y --no-install-recommends \\',
      '      ca-certificates \\',
      '      wget \\',
      '      curl=8.14.1-2 \\',
      '      zlib1g \\',
      ' && rm -rf /var/lib/apt/lists/*',
    ].join('\n');
    expect(findings(run)).toEqual(['5:7 unsorted-packages']);
  });

  it('ignores one-line lists, variables and option values', () => {
    expect(findings('RUN apk add --no-cache zlib curl', 'alpine:3.22')).toEqual([]);
    expect(
      findings('RUN apk add --no-cache \\\n  --virtual .deps \\\n  $DEPS \\\n  curl \\\n  gcc', 'alpine:3.22'),
    ).toEqual([]);
  });

  it('sorts ignoring case and version pins', () => {
    expect(findings('RUN dnf install -y \\\n  Git \\\n  gcc-c++ \\\n  && dnf clean all', 'fedora:42')).toEqual([
      '4:3 unsorted-packages',
    ]);
    expect(findings('RUN dnf install -y \\\n  gcc-c++ \\\n  Git \\\n  && dnf clean all', 'fedora:42')).toEqual([]);
  });
});

describe('stages', () => {
  it('checks caches and recommends in every stage, builders too', () => {
    const text = [
      'FROM debian:13 AS builder',
      'RUN apt-get update && apt-get install -y gcc',
      'FROM debian:13 AS base',
      'RUN apt-get update && apt-get install -y libc6',
      'FROM base',
      'USER 10001',
    ].join('\n');
    const rules = lintDockerfile(text, 'Dockerfile').map((f) => `${f.line} ${f.rule}`);
    expect(rules).toEqual(['2 apt-cleanup', '2 apt-install-recommends', '4 apt-cleanup', '4 apt-install-recommends']);
  });

  it('checks upgrades and sorting in every stage', () => {
    const text =
      'FROM debian:13 AS builder\nRUN apt-get upgrade\nRUN apk add --no-cache \\\n  b=1 \\\n  a=1\nFROM scratch\nUSER 10001';
    expect(lintDockerfile(text, 'Dockerfile').map((f) => `${f.line} ${f.rule}`)).toEqual([
      '2 apt-upgrade',
      '5 unsorted-packages',
    ]);
  });
});

describe('apk-unpinned and apt-update-alone', () => {
  const rules = (text: string) =>
    lintDockerfile(`${text}\nUSER 10001`, 'Dockerfile')
      .filter((f) => f.rule === 'apk-unpinned' || f.rule === 'apt-update-alone')
      .map((f) => `${f.line}:${f.column} ${f.rule}`);

  it('accepts pinned apk packages, virtual package names and local files', () => {
    expect(rules('FROM alpine:3.22\nRUN apk add --no-cache --virtual .build-deps gcc=14.2.0-r6 /tmp/x.apk')).toEqual(
      [],
    );
  });

  it('reports unpinned apk packages in every stage, at the first one', () => {
    expect(rules('FROM alpine:3.22 AS build\nRUN apk add --no-cache make=4.4-r0 gcc\nFROM scratch')).toEqual([
      '2:36 apk-unpinned',
    ]);
  });

  it('reports apt-get update without an install in the same RUN', () => {
    expect(rules('FROM debian:13\nRUN apt-get update\nRUN apt-get install -y curl')).toEqual(['2:5 apt-update-alone']);
    expect(rules('FROM debian:13\nRUN apt update && apt install -y curl')).toEqual([]);
    expect(
      rules('FROM debian:13\nRUN apt-get update && apt-get download pyenv && rm -rf /var/lib/apt/lists/*'),
    ).toEqual([]);
    expect(rules('FROM debian:13\nRUN apt-get update && apt-get dist-clean')).toEqual(['2:5 apt-update-alone']);
  });
});
