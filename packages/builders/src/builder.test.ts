import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFakeLayout } from '../test/support/fake-layout.js';
import { type BuildStep, createBuilder, prepareLayoutDir, type RunFn, stagingLayoutDir } from './builder.js';
import type { ProcessResult } from './run-process.js';
import type { BuildRequest } from './types.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-builder-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ok = (tail: string[]): ProcessResult => ({ exitCode: 0, signal: undefined, aborted: false, durationMs: 5, tail });

/** A fake process runner: the build writes the iidfile, the export (or build, for docker) the layout. */
function fakeRun(calls: string[][], exitCodes: Partial<Record<string, number>> = {}): RunFn {
  return async (argv) => {
    calls.push([...argv]);
    const step = argv.includes('push') ? 'push' : 'build';
    const code = exitCodes[step];
    if (code !== undefined) return { ...ok([`${step} failed`]), exitCode: code };
    const iidAt = argv.indexOf('--iidfile');
    const iid = iidAt < 0 ? undefined : argv[iidAt + 1];
    if (step === 'build' && iid !== undefined) await writeFile(iid, 'sha256:feed\n');
    const output = argv.find((a) => a.startsWith('type=oci,dest='));
    const target = argv.find((a) => a.startsWith('oci:'))?.slice(4) ?? output?.split(',')[1]?.slice(5);
    if (target !== undefined) await writeFakeLayout(target, { built: 'yes' });
    return ok([`${step} done`]);
  };
}

function request(name: string): BuildRequest {
  return {
    contextDir: dir,
    dockerfile: join(dir, 'Dockerfile'),
    image: `catalog-build/${name}:1`,
    buildArgs: { SECRET_TOKEN: 'abc' },
    iidFile: join(dir, `${name}.iid`),
    ociLayoutDir: join(dir, 'layouts', name),
  };
}

describe('Builder.build', () => {
  it('buildah: builds, exports, and reports the image ID and manifest digest', async () => {
    const calls: string[][] = [];
    const commands: [readonly string[], BuildStep][] = [];
    const builder = createBuilder('buildah', {}, fakeRun(calls));
    const result = await builder.build(request('a'), { onCommand: (argv, step) => commands.push([argv, step]) });
    expect(calls.map((argv) => argv[3])).toEqual(['build', 'push']);
    expect(commands.map(([, step]) => step)).toEqual(['build', 'export']);
    expect(commands[0]?.[0]).toContain('SECRET_TOKEN=***');
    expect(result).toMatchObject({
      ok: true,
      step: 'export',
      exitCode: 0,
      imageId: 'sha256:feed',
      tail: ['push done'],
    });
    expect(result.manifestDigest).toMatch(/^sha256:[a-f0-9]{64}$/);
    expect(result.ociLayoutDir).toBe(join(dir, 'layouts', 'a'));
    expect(result.durationMs).toBe(10);
  });

  it('docker: one command; the image ID falls back to the layout when there is no iidfile', async () => {
    const calls: string[][] = [];
    const withoutIidFile = (argv: readonly string[]) =>
      argv.filter((a, i) => a !== '--iidfile' && argv[i - 1] !== '--iidfile');
    const run: RunFn = (argv, options) => fakeRun(calls)(withoutIidFile(argv), options);
    const result = await createBuilder('docker', {}, run).build(request('b'));
    expect(calls).toHaveLength(1);
    expect(result.ok).toBe(true);
    expect(result.step).toBe('build');
    expect(result.imageId).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('stops at the failing step and reports its exit code and tail', async () => {
    const calls: string[][] = [];
    const failedBuild = await createBuilder('buildah', {}, fakeRun(calls, { build: 2 })).build(request('c'));
    expect(failedBuild).toMatchObject({ ok: false, step: 'build', exitCode: 2, tail: ['build failed'] });
    expect(calls).toHaveLength(1);
    const failedExport = await createBuilder('buildah', {}, fakeRun([], { push: 125 })).build(request('d'));
    expect(failedExport).toMatchObject({ ok: false, step: 'export', exitCode: 125, imageId: undefined });
  });

  it('does not export without an OCI layout directory', async () => {
    const calls: string[][] = [];
    const result = await createBuilder('buildah', {}, fakeRun(calls)).build({
      ...request('e'),
      ociLayoutDir: undefined,
    });
    expect(calls).toHaveLength(1);
    expect(result).toMatchObject({
      ok: true,
      imageId: 'sha256:feed',
      manifestDigest: undefined,
      ociLayoutDir: undefined,
    });
  });

  it('removes local images where the builder keeps them', async () => {
    const calls: string[][] = [];
    expect(await createBuilder('buildah', {}, fakeRun(calls)).remove('catalog-build/a:1')).toMatchObject({
      exitCode: 0,
    });
    expect(calls).toEqual([['buildah', '--storage-driver', 'vfs', 'rmi', 'catalog-build/a:1']]);
    expect(await createBuilder('kaniko', {}, fakeRun(calls)).remove('x')).toBeNull();
  });
});

describe('the layout folder after a killed or failed run', () => {
  it('writes the layout in its staging folder and moves it into place only when complete', async () => {
    const calls: string[][] = [];
    const target = join(dir, 'layouts', 'staged');
    // What a run killed mid-export leaves: a staging folder with blobs and no oci-layout file.
    await mkdir(join(stagingLayoutDir(target), 'blobs', 'sha256'), { recursive: true });
    const result = await createBuilder('buildah', {}, fakeRun(calls)).build({ ...request('staged') });
    expect(result.ok).toBe(true);
    expect(calls[1]?.at(-1)).toBe(`oci:${stagingLayoutDir(target)}`);
    expect((await readdir(target)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
    await expect(stat(stagingLayoutDir(target))).rejects.toThrow();
  });

  it('a failed export leaves no half layout where the layout goes', async () => {
    const target = join(dir, 'layouts', 'failed-export');
    const run: RunFn = async (argv, options) => {
      if (!argv.includes('push')) return fakeRun([])(argv, options);
      await mkdir(join(stagingLayoutDir(target), 'blobs'), { recursive: true });
      return { ...ok(['disk full']), exitCode: 125 };
    };
    const result = await createBuilder('buildah', {}, run).build(request('failed-export'));
    expect(result).toMatchObject({ ok: false, step: 'export' });
    await expect(stat(target)).rejects.toThrow();
    // The next run starts clean although the staging folder holds a half layout.
    expect((await createBuilder('buildah', {}, fakeRun([])).build(request('failed-export'))).ok).toBe(true);
    expect((await readdir(target)).sort()).toEqual(['blobs', 'index.json', 'oci-layout']);
  });
});

describe('prepareLayoutDir', () => {
  it('replaces a previous layout and refuses other folders', async () => {
    const previous = join(dir, 'prev');
    await writeFakeLayout(previous);
    await prepareLayoutDir(previous);
    await expect(stat(previous)).rejects.toThrow();
    const other = join(dir, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'keep me');
    await expect(prepareLayoutDir(other)).rejects.toThrow(/not an OCI layout/);
    await prepareLayoutDir(join(dir, 'does-not-exist'));
  });
});
