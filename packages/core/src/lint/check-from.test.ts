// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Dockerfile text uses ${VAR} references
import { describe, expect, it } from 'vitest';
import { splitReference } from './check-from.js';
import { lintDockerfile } from './lint-dockerfile.js';
import type { LintOptions } from './types.js';

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

/** The FROM findings as `line:column rule: message`. */
const fromFindings = (text: string, options: LintOptions = {}): string[] =>
  lintDockerfile(text, 'Dockerfile', options)
    .filter((f) => f.rule.startsWith('from-'))
    .map((f) => `${f.line}:${f.column} ${f.rule}: ${f.message}`);

describe('from-latest', () => {
  it('reports a missing tag and the latest tag at the image', () => {
    expect(fromFindings('FROM ubuntu\nFROM --platform=$BUILDPLATFORM ubuntu:latest AS x')).toEqual([
      '1:6 from-latest: FROM ubuntu has no tag, so it means ubuntu:latest; pin a version tag',
      '2:32 from-latest: FROM ubuntu:latest uses the mutable latest tag; pin a version tag',
    ]);
  });

  it('does not take a registry port for a tag', () => {
    expect(fromFindings('FROM localhost:5000/acme/python')).toEqual([
      '1:6 from-latest: FROM localhost:5000/acme/python has no tag, so it means localhost:5000/acme/python:latest; pin a version tag',
    ]);
    expect(fromFindings('FROM localhost:5000/acme/python:3.13.5')).toEqual([]);
  });

  it('checks FROM ${ARG} through the ARG default', () => {
    const text = 'ARG REGISTRY=registry.acme.example\nARG PYTHON=latest\nFROM ${REGISTRY}/python:${PYTHON}';
    expect(fromFindings(text)).toEqual([
      '3:6 from-latest: FROM ${REGISTRY}/python:${PYTHON} (ARG default registry.acme.example/python:latest) uses the mutable latest tag; pin a version tag',
    ]);
    expect(fromFindings('ARG BASE\nFROM ${BASE:-debian}')).toEqual([]);
    expect(fromFindings('ARG BASE=debian\nFROM ${BASE:-debian:13}')[0]).toContain('(ARG default debian) has no tag');
  });

  it('stays silent when the image depends on a value only the build knows', () => {
    expect(fromFindings('ARG BASE\nFROM ${BASE}')).toEqual([]);
    expect(fromFindings('FROM ${BASE}')).toEqual([]);
    expect(fromFindings('FROM $TARGETPLATFORM-image')).toEqual([]);
  });

  it('falls back to an ARG declared in an earlier stage', () => {
    const text = 'FROM debian:13 AS builder\nARG BASE=python\nFROM ${BASE}';
    expect(fromFindings(text)).toEqual([
      '3:6 from-latest: FROM ${BASE} (ARG default python) has no tag, so it means python:latest; pin a version tag',
    ]);
  });

  it('accepts scratch, earlier stages (case-insensitive) and digests', () => {
    const text = `FROM golang:1.24 AS Build\nFROM build\nFROM BUILD AS again\nFROM scratch\nFROM debian@${DIGEST}`;
    expect(fromFindings(text)).toEqual([]);
  });

  it('does not take a later stage for an earlier one', () => {
    expect(fromFindings('FROM builder\nFROM debian:13 AS builder')).toHaveLength(1);
  });
});

describe('from-digest', () => {
  const options = { requireDigest: true };

  it('is off by default', () => {
    expect(fromFindings('FROM python:3.13.5')).toEqual([]);
  });

  it('reports a tag without a digest, also through an ARG', () => {
    expect(fromFindings('ARG BASE_IMAGE=registry/acme/python:3.13.5\nFROM ${BASE_IMAGE}', options)).toEqual([
      '2:6 from-digest: FROM ${BASE_IMAGE} (ARG default registry/acme/python:3.13.5) is pinned by a mutable tag; add a digest (registry/acme/python:3.13.5@sha256:...)',
    ]);
  });

  it('accepts tag and digest, digest only, scratch and stages', () => {
    const text = `FROM python:3.13.5@${DIGEST} AS a\nFROM python@${DIGEST}\nFROM scratch\nFROM a`;
    expect(fromFindings(text, options)).toEqual([]);
  });

  it('reports latest as from-latest only', () => {
    expect(lintDockerfile('FROM python:latest', 'Dockerfile', options).map((f) => f.rule)).toEqual([
      'user-missing',
      'from-latest',
    ]);
  });
});

describe('splitReference', () => {
  it.each([
    ['debian', { name: 'debian' }],
    ['debian:13', { name: 'debian', tag: '13' }],
    ['localhost:5000/a/b', { name: 'localhost:5000/a/b' }],
    ['localhost:5000/a/b:1@sha256:x', { name: 'localhost:5000/a/b', tag: '1', digest: 'sha256:x' }],
  ])('splits %s', (reference, expected) => {
    expect(splitReference(reference)).toEqual(expected);
  });
});
