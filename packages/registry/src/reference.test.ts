import { describe, expect, it } from 'vitest';
import { InvalidReferenceError } from './errors.js';
import { canonicalHost, formatReference, parseReference, parseRepository } from './reference.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe('parseReference', () => {
  it('reads host, port, path, tag and digest', () => {
    expect(parseReference('127.0.0.1:5000/acme/python/base:3.13')).toEqual({
      host: '127.0.0.1:5000',
      apiHost: '127.0.0.1:5000',
      repository: 'acme/python/base',
      tag: '3.13',
    });
    expect(parseReference(`localhost:5000/acme/app@${DIGEST}`)).toMatchObject({
      repository: 'acme/app',
      digest: DIGEST,
    });
    expect(parseReference(`localhost/acme/app:1@${DIGEST}`)).toMatchObject({
      host: 'localhost',
      tag: '1',
      digest: DIGEST,
    });
    expect(parseReference('[::1]:5000/acme/app:1')).toMatchObject({
      host: '[::1]:5000',
      repository: 'acme/app',
      tag: '1',
    });
  });

  it('defaults to Docker Hub, library/ and latest', () => {
    expect(parseReference('debian')).toEqual({
      host: 'docker.io',
      apiHost: 'registry-1.docker.io',
      repository: 'library/debian',
      tag: 'latest',
    });
    expect(parseReference('acme/tool:2')).toMatchObject({ host: 'docker.io', repository: 'acme/tool', tag: '2' });
    expect(parseReference('index.docker.io/debian:13')).toMatchObject({
      host: 'docker.io',
      repository: 'library/debian',
    });
  });

  it('rejects what is not a reference', () => {
    expect(() => parseReference('Acme/App:1')).toThrow(InvalidReferenceError);
    expect(() => parseReference('acme/app@sha256:xyz')).toThrow(InvalidReferenceError);
    expect(() => parseReference(`acme/app@md5:${'a'.repeat(32)}`)).toThrow(/sha256/);
  });

  it('formats what it parsed', () => {
    expect(formatReference(parseReference('debian:13'))).toBe('docker.io/library/debian:13');
  });
});

describe('parseRepository', () => {
  it('takes a repository without tag or digest', () => {
    expect(parseRepository('127.0.0.1:5000/acme/app')).toMatchObject({
      host: '127.0.0.1:5000',
      repository: 'acme/app',
    });
    expect(parseRepository('python')).toMatchObject({ host: 'docker.io', repository: 'library/python' });
    expect(() => parseRepository('127.0.0.1:5000/acme/app:1')).toThrow(/without tag or digest/);
  });
});

it('collapses Docker Hub aliases', () => {
  expect(canonicalHost('registry-1.docker.io')).toBe('docker.io');
  expect(canonicalHost('Index.Docker.io')).toBe('docker.io');
  expect(canonicalHost('127.0.0.1:5000')).toBe('127.0.0.1:5000');
});
