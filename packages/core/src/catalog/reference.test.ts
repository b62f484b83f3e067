import { describe, expect, it } from 'vitest';
import { parseImageReference } from './reference.js';

const digest = `sha256:${'a'.repeat(64)}`;

describe('parseImageReference', () => {
  it.each([
    ['docker.io/library/debian:trixie-slim', { domain: 'docker.io', path: 'library/debian', tag: 'trixie-slim' }],
    ['localhost:5000/acme/python:3.13', { domain: 'localhost:5000', path: 'acme/python', tag: '3.13' }],
    ['acme/base', { path: 'acme/base' }],
    [`quay.io/org/img@${digest}`, { domain: 'quay.io', path: 'org/img', digest }],
    [`quay.io/org/img:1@${digest}`, { domain: 'quay.io', path: 'org/img', tag: '1', digest }],
  ])('parses %s', (text, expected) => {
    expect(parseImageReference(text)).toEqual(expected);
  });

  it.each(['UPPER/case:1', 'a/b:bad tag', 'a/b@sha256:short', 'a//b', ''])('rejects %j', (text) => {
    expect(parseImageReference(text)).toBeUndefined();
  });
});
