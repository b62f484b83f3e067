import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { dockerfileReferences, manifestReferences } from './image-references.js';
import { rewriteReferences } from './rewrite.js';

const DOCKERFILE = `# syntax=docker/dockerfile:1
ARG PY=r.example/acme/python:3.13
FROM --platform=$BUILDPLATFORM r.example/acme/python:3.13.5-r1 AS build
RUN true
FROM build AS again
FROM scratch AS empty
FROM \${PY} AS fromarg
FROM \${NODEFAULT}
from   r.example/acme/flask:3.1.1-r2@sha256:${'a'.repeat(64)}
`;

describe('dockerfileReferences', () => {
  it('finds every FROM that names an image, with its position and offset; skips stages and scratch', () => {
    const refs = dockerfileReferences('Dockerfile', DOCKERFILE);
    expect(refs.map((r) => [r.text, r.line, r.column, r.variable])).toEqual([
      ['r.example/acme/python:3.13.5-r1', 3, 32, undefined],
      ['${PY}', 7, 6, { expanded: 'r.example/acme/python:3.13' }],
      ['${NODEFAULT}', 8, 6, { expanded: undefined }],
      [`r.example/acme/flask:3.1.1-r2@sha256:${'a'.repeat(64)}`, 9, 8, undefined],
    ]);
    for (const ref of refs) expect(DOCKERFILE.slice(ref.offset, ref.offset + ref.text.length)).toBe(ref.text);
  });
});

const MANIFEST = `# a comment
apiVersion: apps/v1
kind: Deployment
metadata: { name: shop }
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: "r.example/acme/python:3.13.5-r1"
      containers:
        - name: web
          image: r.example/acme/flask:3.1.1-r2   # pinned
---
not: kubernetes
image: r.example/acme/flask:1
---
apiVersion: template.openshift.io/v1
kind: Template
objects:
  - kind: Deployment
    spec: { template: { spec: { containers: [{ name: a, image: 'r.example/acme/flask:\${TAG}' }] } } }
`;

describe('manifestReferences', () => {
  it('finds image: at any depth of Kubernetes documents only, quoted or not', () => {
    const refs = manifestReferences('k8s/deploy.yaml', MANIFEST) ?? [];
    expect(refs.map((r) => [r.text, r.line, r.column, r.source, r.variable])).toEqual([
      ['r.example/acme/python:3.13.5-r1', 10, 19, 'image', undefined],
      ['r.example/acme/flask:3.1.1-r2', 13, 18, 'image', undefined],
      ['r.example/acme/flask:${TAG}', 22, 65, 'image', { expanded: undefined }],
    ]);
    for (const ref of refs) expect(MANIFEST.slice(ref.offset, ref.offset + ref.text.length)).toBe(ref.text);
  });

  it('is undefined for text that is not YAML (a Helm template)', () => {
    expect(manifestReferences('t.yaml', 'a: {{ .Values.x }\n  - b: [\n')).toBeUndefined();
  });
});

describe('rewriteReferences', () => {
  it('replaces references in place and keeps everything else byte for byte', () => {
    const refs = manifestReferences('d.yaml', MANIFEST) ?? [];
    const edits = refs.slice(0, 2).map((r) => ({ offset: r.offset, from: r.text, to: r.text.replace(/-r\d$/, '-r9') }));
    const text = rewriteReferences('d.yaml', MANIFEST, edits);
    expect(text).toBe(
      MANIFEST.replace('python:3.13.5-r1"', 'python:3.13.5-r9"').replace('3.1.1-r2   #', '3.1.1-r9   #'),
    );
  });

  it('refuses when the text at an offset is not the reference read', () => {
    const attempt = () => rewriteReferences('d.yaml', 'FROM x:1\n', [{ offset: 5, from: 'y:1', to: 'y:2' }]);
    expect(attempt).toThrow(InvalidInputError);
    try {
      attempt();
    } catch (error) {
      expect((error as InvalidInputError).diagnostics[0]?.message).toContain('no longer at offset 5');
    }
  });
});
