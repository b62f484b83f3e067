import { describe, expect, it } from 'vitest';
import { artifactBuildRequest } from './artifact.js';
import {
  BUILD_BASE_IMAGE_ARG,
  buildPlatformArgDefaults,
  buildPlatformArgs,
  hasBuildStages,
  TARGET_ARCH_ARG,
  wantsBuildArtifact,
} from './build-platform.js';
import { nodeBuildArgs } from './build-request.js';

const CROSS = [
  'ARG BASE_IMAGE=r.example/acme/os:1',
  'ARG BUILD_BASE_IMAGE=r.example/acme/os:1',
  'FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE} AS build',
  'ARG CATALOG_ARCH',
  'RUN make',
  'FROM ${BASE_IMAGE}',
  '',
].join('\n');

const parent = { digest: 'sha256:arm', pullRef: 'r.example/acme/os@sha256:arm' };
const buildParent = { platform: 'linux/amd64', pin: { digest: 'sha256:amd', pullRef: 'r.example/acme/os@sha256:amd' } };
const facts = { buildArgOverrides: {}, sourceDate: new Date('2026-01-02T03:04:05Z'), revision: 'c0ffee' };

describe('build-machine stages', () => {
  it('gives defaults only to the args a Dockerfile declares', () => {
    expect(buildPlatformArgDefaults(CROSS, 'r.example/acme/os:1')).toEqual({
      [BUILD_BASE_IMAGE_ARG]: 'r.example/acme/os:1',
      [TARGET_ARCH_ARG]: '',
    });
    expect(buildPlatformArgDefaults('ARG BASE_IMAGE=x\nFROM ${BASE_IMAGE}\n', 'x')).toEqual({});
    expect(buildPlatformArgDefaults('ARG BUILD_BASE_IMAGES=x\nARG CATALOG_ARCHITECTURE\n', 'x')).toEqual({});
  });

  it('pins BUILD_BASE_IMAGE to the build platform’s parent and names the target’s Debian architecture', () => {
    const rendered = { family: 'debian', buildArgs: buildPlatformArgDefaults(CROSS, 'r.example/acme/os:1') };
    expect(hasBuildStages(rendered)).toBe(true);
    expect(buildPlatformArgs(rendered, { platform: 'linux/arm64', buildParent }, parent)).toEqual({
      BUILD_BASE_IMAGE: 'r.example/acme/os@sha256:amd',
      CATALOG_ARCH: 'arm64',
    });
    expect(buildPlatformArgs(rendered, { platform: 'linux/arm/v7', buildParent }, parent).CATALOG_ARCH).toBe('armhf');
  });

  it('uses the target’s own parent when there is no build-platform parent (same platform, or emulated)', () => {
    const rendered = { family: 'debian', buildArgs: buildPlatformArgDefaults(CROSS, 'r.example/acme/os:1') };
    const amd64 = { digest: 'sha256:amd', pullRef: 'r.example/acme/os@sha256:amd' };
    const args = nodeBuildArgs(rendered, facts, amd64, { platform: 'linux/amd64' });
    expect(args).toMatchObject({
      BASE_IMAGE: 'r.example/acme/os@sha256:amd',
      BUILD_BASE_IMAGE: 'r.example/acme/os@sha256:amd',
      CATALOG_ARCH: 'amd64',
    });
  });

  it('adds nothing to a node without build-machine stages', () => {
    const rendered = { family: 'debian', buildArgs: { BASE_IMAGE: 'r.example/acme/os:1' } };
    expect(hasBuildStages(rendered)).toBe(false);
    expect(buildPlatformArgs(rendered, { platform: 'linux/arm64', buildParent }, parent)).toEqual({});
    expect(
      Object.keys(nodeBuildArgs(rendered, facts, parent, { platform: 'linux/arm64', buildParent })).sort(),
    ).toEqual(['BASE_DIGEST', 'BASE_IMAGE', 'BUILD_CREATED', 'BUILD_REVISION']);
  });
});

describe("the build machine's artifact (BUILD_ARTIFACT_IMAGE)", () => {
  it('is asked for by declaring the arg; render gives it no default of its own', () => {
    const asking = CROSS.replace('ARG CATALOG_ARCH', 'ARG CATALOG_ARCH\nARG BUILD_ARTIFACT_IMAGE=scratch');
    expect(wantsBuildArtifact(asking)).toBe(true);
    expect(wantsBuildArtifact(CROSS)).toBe(false);
    expect(buildPlatformArgDefaults(asking, 'r.example/acme/os:1')).not.toHaveProperty('BUILD_ARTIFACT_IMAGE');
  });

  it("reaches only the artifact's build request", () => {
    const request = {
      image: 'local/tool:1',
      contextDir: '/ctx',
      dockerfile: '/ctx/Dockerfile',
      buildArgs: { BASE_IMAGE: 'os@sha256:arm', ARTIFACT_IMAGE: 'x' },
      labels: {},
    };
    const input = { stage: 'artifact', localName: 'local/tool:artifact-k', out: '/out', outDir: '/out/tool', key: 'k' };
    const withArtifact = artifactBuildRequest(request as never, {
      ...input,
      labelPrefix: 'io.x',
      buildArtifact: 'r.example/acme/tool@sha256:amd',
    });
    expect(withArtifact.buildArgs).toEqual({
      BASE_IMAGE: 'os@sha256:arm',
      BUILD_ARTIFACT_IMAGE: 'r.example/acme/tool@sha256:amd',
    });
    expect(artifactBuildRequest(request as never, { ...input, labelPrefix: 'io.x' }).buildArgs).toEqual({
      BASE_IMAGE: 'os@sha256:arm',
    });
  });
});
