import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { detectBuilder, findExecutable, type ProbeFn, type WhichFn } from './detect.js';
import { BuilderError } from './errors.js';

const whichOf =
  (installed: Record<string, string>): WhichFn =>
  async (binary) =>
    installed[binary];
const probeOf =
  (answers: Record<string, boolean>): ProbeFn =>
  async (argv) =>
    answers[argv.slice(1).join(' ')] ?? false;
const noDaemon = probeOf({ 'buildx version': true, info: false });

describe('detectBuilder', () => {
  it('picks buildah when it is installed', async () => {
    const which = whichOf({ buildah: '/usr/bin/buildah', docker: '/usr/bin/docker' });
    expect(await detectBuilder(undefined, which, noDaemon)).toEqual({ name: 'buildah', binary: '/usr/bin/buildah' });
  });

  it('does not pick docker when its daemon does not answer', async () => {
    const which = whichOf({ docker: '/usr/local/bin/docker' });
    await expect(detectBuilder(undefined, which, noDaemon)).rejects.toThrow(/apt-get install buildah/);
  });

  it('picks docker with buildx and a daemon, and kaniko last', async () => {
    const docker = whichOf({ docker: '/usr/bin/docker', '/kaniko/executor': '/kaniko/executor' });
    const daemon = probeOf({ 'buildx version': true, info: true });
    expect((await detectBuilder(undefined, docker, daemon)).name).toBe('docker');
    expect((await detectBuilder(undefined, docker, noDaemon)).name).toBe('kaniko');
  });

  it('fails with what to install when nothing is there', async () => {
    const error = await detectBuilder(undefined, whichOf({}), noDaemon).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BuilderError);
    expect((error as BuilderError).exitCode).toBe(1);
    expect((error as BuilderError).message).toBe(
      'no image builder found; install buildah (recommended): apt-get install buildah',
    );
    expect((error as BuilderError).hint).toBe(
      'catalog looks for buildah, podman, docker (with buildx and a running daemon) and kaniko (/kaniko/executor)',
    );
  });

  it('uses the preferred builder, or says how to install it', async () => {
    const which = whichOf({ buildah: '/usr/bin/buildah', podman: '/usr/bin/podman' });
    expect(await detectBuilder('podman', which, noDaemon)).toEqual({ name: 'podman', binary: '/usr/bin/podman' });
    const missing = await detectBuilder('buildah', whichOf({}), noDaemon).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(BuilderError);
    expect((missing as BuilderError).hint).toMatch(/apt-get install buildah/);
  });

  it('refuses a preferred docker without a daemon', async () => {
    const which = whichOf({ docker: '/usr/bin/docker' });
    await expect(detectBuilder('docker', which, noDaemon)).rejects.toThrow(/docker info/);
    const unusable = await detectBuilder('docker', which, noDaemon).catch((e: unknown) => e);
    expect(unusable).toBeInstanceOf(BuilderError);
    expect((unusable as BuilderError).hint).toMatch(/start a Docker daemon with the buildx plugin/);
  });

  it('rejects an unknown builder name as a usage error with a suggestion', async () => {
    const error = await detectBuilder('bildah', whichOf({})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(/did you mean "buildah"/);
  });

  it('with the real probe, the docker client here is not enough (no daemon)', async () => {
    const onlyDocker: WhichFn = async (binary) => (binary === 'docker' ? findExecutable('docker') : undefined);
    if ((await onlyDocker('docker')) === undefined) return;
    await expect(detectBuilder(undefined, onlyDocker)).rejects.toThrow(/apt-get install buildah/);
  });
});

describe('findExecutable', () => {
  it('finds executables on PATH and checks absolute paths', async () => {
    expect(await findExecutable('sh', '/nonexistent:/bin:/usr/bin')).toMatch(/\/sh$/);
    expect(await findExecutable('definitely-not-installed-xyz')).toBeUndefined();
    expect(await findExecutable('/bin/sh')).toBe('/bin/sh');
    const dir = await mkdtemp(join(tmpdir(), 'catalog-which-'));
    await writeFile(join(dir, 'not-executable'), 'x', { mode: 0o644 });
    expect(await findExecutable('not-executable', dir)).toBeUndefined();
    await rm(dir, { recursive: true });
  });
});
