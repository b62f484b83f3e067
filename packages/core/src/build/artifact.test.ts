import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../catalog/load-catalog.js';
import { imageSpec } from '../catalog/model.js';
import { type ArtifactKeyInput, artifactBuildRequest, artifactKeyMaterial, artifactStageText } from './artifact.js';
import { artifactDiagnostics } from './artifact-stage.js';
import type { BuildRequest } from './build-request.js';

const DOCKERFILE = `# syntax=docker/dockerfile:1
# CPython, compiled once.
ARG BASE_IMAGE=registry.example/acme/pyenv:2.5.4
ARG ARTIFACT_IMAGE
FROM \${BASE_IMAGE} AS build
ARG MIRROR_PYTHON_BUILD=
RUN ./configure --enable-optimizations && make

FROM scratch AS artifact
COPY --from=build /opt/python /opt/python

FROM \${ARTIFACT_IMAGE} AS compiled
FROM \${BASE_IMAGE}
COPY --from=compiled /opt/python /opt/python
LABEL org.opencontainers.image.version=3.13.5
`;

const INPUT: ArtifactKeyInput = {
  dockerfile: DOCKERFILE,
  stage: 'artifact',
  contextFiles: [{ path: 'requirements.txt', sha256: 'a'.repeat(64) }],
  lineage: ['pyenv:2.5.4', 'debian:13'],
  family: 'debian',
  platform: 'linux/amd64',
};

describe('the artifact key', () => {
  it('covers the Dockerfile up to the end of the artifact stage, without comments or the parent reference', () => {
    const text = artifactStageText(DOCKERFILE, 'artifact');
    expect(text).toContain('./configure --enable-optimizations');
    expect(text).toContain('COPY --from=build /opt/python /opt/python');
    expect(text).toContain('ARG BASE_IMAGE\n');
    expect(text).not.toContain('registry.example');
    expect(text).not.toContain('CPython, compiled once');
    expect(text).not.toContain('LABEL');
    expect(text).not.toContain('ARTIFACT_IMAGE} AS compiled');
  });

  it('changes with what determines the content', () => {
    const base = artifactKeyMaterial(INPUT);
    const changed: Partial<ArtifactKeyInput>[] = [
      { dockerfile: DOCKERFILE.replace('--enable-optimizations', '--with-lto') },
      { contextFiles: [{ path: 'requirements.txt', sha256: 'b'.repeat(64) }] },
      { lineage: ['pyenv:2.5.4', 'debian:12'] },
      { family: 'alpine' },
      { platform: 'linux/arm64' },
    ];
    for (const change of changed) expect(artifactKeyMaterial({ ...INPUT, ...change })).not.toBe(base);
  });

  it('tells an artifact cross-compiled on another platform from one compiled natively', () => {
    const arm64 = { ...INPUT, platform: 'linux/arm64' };
    const cross = artifactKeyMaterial({ ...arm64, buildPlatform: 'linux/amd64' });
    expect(cross).toContain('cross-compiled on linux/amd64');
    expect(cross).not.toBe(artifactKeyMaterial(arm64));
    // Compiled on its own platform: the same key as without a build platform.
    expect(artifactKeyMaterial({ ...arm64, buildPlatform: 'linux/arm64' })).toBe(artifactKeyMaterial(arm64));
  });

  it('stays the same for what does not: registry, comments, labels, the assembly stage, file order', () => {
    const base = artifactKeyMaterial(INPUT);
    const same: Partial<ArtifactKeyInput>[] = [
      { dockerfile: DOCKERFILE.replace('registry.example/acme', 'mirror.example/team') },
      {
        dockerfile: DOCKERFILE.replace(
          'ARG MIRROR_PYTHON_BUILD=',
          'ARG MIRROR_PYTHON_BUILD=https://m.example\nARG MIRROR_NEW=',
        ),
      },
      { dockerfile: DOCKERFILE.replace('# CPython, compiled once.', '# Another comment.') },
      { dockerfile: DOCKERFILE.replace('version=3.13.5', 'version=3.13.5 a=b') },
      { dockerfile: `${DOCKERFILE}RUN python -m pip --version\n` },
      {
        contextFiles: [
          { path: 'z.txt', sha256: 'c'.repeat(64) },
          { path: 'requirements.txt', sha256: 'a'.repeat(64) },
        ],
      },
    ];
    expect(artifactKeyMaterial({ ...INPUT, ...same[0] })).toBe(base);
    expect(artifactKeyMaterial({ ...INPUT, ...same[1] })).toBe(base);
    expect(artifactKeyMaterial({ ...INPUT, ...same[2] })).toBe(base);
    expect(artifactKeyMaterial({ ...INPUT, ...same[3] })).toBe(base);
    expect(artifactKeyMaterial({ ...INPUT, ...same[4] })).toBe(base);
    const reordered = artifactKeyMaterial({ ...INPUT, contextFiles: [...(same[5]?.contextFiles ?? [])].reverse() });
    expect(artifactKeyMaterial({ ...INPUT, ...same[5] })).toBe(reordered);
  });
});

describe('the artifact build request', () => {
  it('builds the artifact stage alone, under its own name and layout, without ARTIFACT_IMAGE', () => {
    const request: BuildRequest = {
      contextDir: '/w/out/build/python/3.13.5',
      dockerfile: '/w/out/build/python/3.13.5/Dockerfile',
      image: 'localhost/catalog-1234abcd/python:3.13.5',
      buildArgs: { BASE_IMAGE: 'r/pyenv@sha256:1', ARTIFACT_IMAGE: 'r/python@sha256:2' },
      labels: { 'io.acme.input-hash': 'sha256:3' },
      iidFile: '/w/out/oci/python/3.13.5.iid',
      ociLayoutDir: '/w/out/oci/python/3.13.5',
    };
    const built = artifactBuildRequest(request, {
      stage: 'artifact',
      localName: 'localhost/catalog-1234abcd/python:artifact-ff',
      out: '/w/out',
      outDir: 'python/3.13.5',
      key: 'sha256:ff',
      labelPrefix: 'io.acme',
    });
    expect(built).toMatchObject({
      target: 'artifact',
      image: 'localhost/catalog-1234abcd/python:artifact-ff',
      buildArgs: { BASE_IMAGE: 'r/pyenv@sha256:1' },
      labels: { 'io.acme.artifact-key': 'sha256:ff' },
      // Never another platform's cached image (see artifactBuildRequest).
      layers: false,
      ociLayoutDir: '/w/out/oci/python/3.13.5.artifact',
      iidFile: '/w/out/oci/python/3.13.5.artifact.iid',
    });
    expect(built.buildArgs).not.toHaveProperty('ARTIFACT_IMAGE');
  });
});

describe('artifact stage checks', () => {
  const catalog = loadCatalog(
    `registry: r.example/acme
images:
  tool:
    kind: runtime
    from: docker.io/library/debian:13
    artifact: { stage: artifact }
    versions: { "1.0": {} }
`,
    'catalog.yaml',
  ).catalog;
  const image = imageSpec(catalog, 'tool');
  const codes = (dockerfile: string) => artifactDiagnostics(image, dockerfile, 'catalog.yaml', 'tool:1.0');

  it('accepts a Dockerfile with the stage, a later stage and the global ARG', () => {
    expect(codes(DOCKERFILE)).toEqual([]);
  });

  it('names a missing stage, a final artifact stage and a missing ARG, at artifact.stage', () => {
    expect(codes(DOCKERFILE.replace('AS artifact', 'AS files'))[0]).toMatchObject({
      code: 'artifact-stage-missing',
      path: ['images', 'tool', 'artifact', 'stage'],
    });
    const final = DOCKERFILE.slice(0, DOCKERFILE.indexOf('FROM ${ARTIFACT_IMAGE}'));
    expect(codes(final)[0]?.code).toBe('artifact-stage-final');
    expect(codes(DOCKERFILE.replace('ARG ARTIFACT_IMAGE\n', ''))[0]?.code).toBe('artifact-arg-missing');
  });
});
