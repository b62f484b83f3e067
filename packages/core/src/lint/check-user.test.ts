// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { lintDockerfile } from './lint-dockerfile.js';

const USER_RULES = new Set(['user-missing', 'user-root', 'user-non-numeric', 'expose-privileged-port']);

const userFindings = (text: string): string[] =>
  lintDockerfile(text, 'Dockerfile')
    .filter((f) => USER_RULES.has(f.rule))
    .map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('the final USER', () => {
  it('reports a final stage without USER at its FROM', () => {
    expect(userFindings('FROM debian:13 AS builder\nUSER 10001\nFROM debian:13\nRUN true')).toEqual([
      '3:1 user-missing',
    ]);
  });

  it('lets builder stages run as root', () => {
    const text =
      'FROM debian:13 AS builder\nUSER root\nRUN make\nFROM debian:13\nCOPY --from=builder /x /x\nUSER 10001';
    expect(userFindings(text)).toEqual([]);
  });

  it('inherits USER from the stage the final stage is built FROM', () => {
    expect(userFindings('FROM debian:13 AS base\nUSER 10001\nFROM base\nRUN true')).toEqual([]);
    expect(userFindings('FROM debian:13 AS base\nUSER 10001\nFROM base\nUSER root')).toEqual(['4:6 user-root']);
  });

  it.each([
    ['USER root', ['2:6 user-root']],
    ['USER 0', ['2:6 user-root']],
    ['USER root:10001', ['2:6 user-root']],
    ['USER 10001', []],
    ['USER 10001:0', []],
    ['USER app', ['2:6 user-non-numeric']],
    ['USER 10001:app', ['2:6 user-non-numeric']],
    ['ARG UID=10001\nUSER ${UID}', []],
    ['ARG UID=0\nUSER ${UID}', ['3:6 user-root']],
    ['ARG UID\nUSER ${UID}', []],
  ])('%s', (user, expected) => {
    expect(userFindings(`FROM debian:13\n${user}`)).toEqual(expected);
  });
});

describe('expose-privileged-port', () => {
  it.each([
    ['EXPOSE 80', ['3:8 expose-privileged-port']],
    ['EXPOSE 8080 443/tcp', ['3:13 expose-privileged-port']],
    ['EXPOSE 53/udp', ['3:8 expose-privileged-port']],
    ['EXPOSE 1000-2000', ['3:8 expose-privileged-port']],
    ['EXPOSE 8080 8443/tcp', []],
    ['ARG PORT=8080\nEXPOSE ${PORT}', []],
    ['ARG PORT=80\nEXPOSE ${PORT}', ['4:8 expose-privileged-port']],
    ['EXPOSE $PORT', []],
  ])('%s as a non-root user', (expose, expected) => {
    expect(userFindings(`FROM debian:13\nUSER 10001\n${expose}`)).toEqual(expected);
  });

  it('is not reported for root images (user-missing/user-root say enough)', () => {
    expect(userFindings('FROM debian:13\nEXPOSE 80')).toEqual(['1:1 user-missing']);
    expect(userFindings('FROM debian:13\nEXPOSE 80\nUSER root')).toEqual(['3:6 user-root']);
  });

  it('only looks at what the final image exposes', () => {
    const text = 'FROM debian:13 AS builder\nEXPOSE 80\nFROM debian:13\nUSER 10001\nEXPOSE 8080';
    expect(userFindings(text)).toEqual([]);
    expect(userFindings('FROM debian:13 AS base\nEXPOSE 80\nFROM base\nUSER 10001')).toEqual([
      '2:8 expose-privileged-port',
    ]);
  });
});
