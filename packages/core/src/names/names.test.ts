import { describe, expect, it } from 'vitest';
import {
  digestReference,
  fullVersionTag,
  localImageName,
  nxProjectName,
  nxProjectRoot,
  renderFolder,
  repositoryOf,
  repositoryOfReference,
  revisionTag,
  tagReference,
} from './names.js';

const python = { id: 'python:3.13.5', image: 'python', version: '3.13.5', variant: null };
const flask = { id: 'flask:3.1.1-python3.13', image: 'flask', version: '3.1.1', variant: 'python3.13' };

describe('node names', () => {
  it('gives the full version tag and its -rN form', () => {
    expect(fullVersionTag(python)).toBe('3.13.5');
    expect(fullVersionTag(flask)).toBe('3.1.1-python3.13');
    expect(revisionTag(flask, 2)).toBe('3.1.1-python3.13-r2');
  });

  it('gives references by tag and by digest', () => {
    expect(repositoryOf('localhost:5000/acme', 'flask')).toBe('localhost:5000/acme/flask');
    expect(tagReference('localhost:5000/acme', flask)).toBe('localhost:5000/acme/flask:3.1.1-python3.13');
    expect(tagReference('r.example/a', python, '3')).toBe('r.example/a/python:3');
    expect(digestReference('r.example/a/python', 'sha256:abc')).toBe('r.example/a/python@sha256:abc');
  });

  it('cuts the repository out of a reference with the reference grammar', () => {
    expect(repositoryOfReference('docker.io/library/debian:13')).toBe('docker.io/library/debian');
    expect(repositoryOfReference('localhost:5000/acme/python:3.13.5')).toBe('localhost:5000/acme/python');
    expect(repositoryOfReference(`localhost:5000/acme/python@sha256:${'a'.repeat(64)}`)).toBe(
      'localhost:5000/acme/python',
    );
    expect(repositoryOfReference('Not A Reference')).toBeUndefined();
  });

  it('gives the render folder, the local image name and the Nx project', () => {
    expect(renderFolder(flask)).toBe('flask/3.1.1-python3.13');
    expect(localImageName(flask, '0123abcd')).toBe('localhost/catalog-0123abcd/flask:3.1.1-python3.13');
    expect(nxProjectName(flask)).toBe('flask@3.1.1-python3.13');
    expect(nxProjectRoot('', python)).toBe('images/python/3.13.5');
    expect(nxProjectRoot('sub/dir/', python)).toBe('sub/dir/images/python/3.13.5');
  });
});
