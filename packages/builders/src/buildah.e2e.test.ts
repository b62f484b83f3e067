import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBuilder } from './builder.js';
import { findExecutable } from './detect.js';
import { readOciConfig, readOciLayout } from './oci-layout.js';

/**
 * A real build with buildah (vfs storage, chroot isolation, a temporary storage root): no network,
 * no registry. Skipped when buildah is absent, unless CATALOG_REQUIRE_E2E is set.
 */
const buildah = await findExecutable('buildah');
const required = (process.env.CATALOG_REQUIRE_E2E ?? '') !== '';
const SKIP_NOTE = 'buildah is not installed (apt-get install buildah); set CATALOG_REQUIRE_E2E=1 to fail instead';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'catalog-buildah-e2e-'));
  await writeFile(join(dir, 'hello.txt'), 'hello\n');
  await writeFile(
    join(dir, 'Dockerfile'),
    'FROM scratch\nARG GREETING=none\nLABEL greeting=${GREETING}\nCOPY hello.txt /\n',
  );
  await writeFile(join(dir, 'Dockerfile.child'), 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nCOPY hello.txt /child.txt\n');
  await writeFile(join(dir, 'Dockerfile.bad'), 'FROM scratch\nCOPY missing.txt /\n');
});
afterAll(async () => {
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

function requireBuildah(skip: (note: string) => never): void {
  if (buildah !== undefined) return;
  if (required) throw new Error(`CATALOG_REQUIRE_E2E is set but ${SKIP_NOTE.split(';')[0]}`);
  skip(SKIP_NOTE);
}

describe('buildah end to end', () => {
  const settings = () => ({
    storageDriver: 'vfs',
    isolation: 'chroot',
    root: join(dir, 'root'),
    runRoot: join(dir, 'run'),
  });

  it('builds FROM scratch, exports an OCI layout with the label, builds a child of a local parent', async (ctx) => {
    requireBuildah(ctx.skip);
    const builder = createBuilder('buildah', settings());
    const lines: string[] = [];
    const result = await builder.build(
      {
        contextDir: dir,
        dockerfile: join(dir, 'Dockerfile'),
        image: 'catalog-build/e2e:1',
        buildArgs: { GREETING: 'hi' },
        labels: { 'io.catalog.test': 'e2e' },
        iidFile: join(dir, 'e2e.iid'),
        timestamp: 1700000000,
        pull: 'never',
        layers: false,
        ociLayoutDir: join(dir, 'layout'),
      },
      { onLine: (line) => lines.push(line), logFile: join(dir, 'build.log') },
    );
    expect(result, result.tail.join('\n')).toMatchObject({ ok: true, exitCode: 0, step: 'export' });
    const index = JSON.parse(await readFile(join(dir, 'layout', 'index.json'), 'utf8')) as { manifests: unknown[] };
    expect(index.manifests).toHaveLength(1);
    const layout = await readOciLayout(join(dir, 'layout'));
    expect(result.manifestDigest).toBe(layout.manifestDigest);
    expect(result.imageId).toBe(layout.configDigest);
    const config = (await readOciConfig(join(dir, 'layout'))) as { created: string; config: { Labels: object } };
    expect(config.config.Labels).toMatchObject({ 'io.catalog.test': 'e2e', greeting: 'hi' });
    expect(config.created).toBe('2023-11-14T22:13:20Z');
    expect(lines.some((line) => line.includes('COPY hello.txt'))).toBe(true);
    expect(await readFile(join(dir, 'build.log'), 'utf8')).toMatch(/^\$ buildah --storage-driver vfs --root /);

    const child = await builder.build({
      contextDir: dir,
      dockerfile: join(dir, 'Dockerfile.child'),
      image: 'catalog-build/e2e-child:1',
      buildArgs: { BASE_IMAGE: 'localhost/catalog-build/e2e:1' },
      iidFile: join(dir, 'child.iid'),
      pull: 'never',
      ociLayoutDir: join(dir, 'child-layout'),
    });
    expect(child, child.tail.join('\n')).toMatchObject({ ok: true });
    const childConfig = (await readOciConfig(join(dir, 'child-layout'))) as { rootfs: { diff_ids: unknown[] } };
    expect(childConfig.rootfs.diff_ids).toHaveLength(2);

    expect(await builder.remove('catalog-build/e2e-child:1')).toMatchObject({ exitCode: 0 });
  }, 120_000);

  it('returns the exit code and the tail of a failed build', async (ctx) => {
    requireBuildah(ctx.skip);
    const result = await createBuilder('buildah', settings()).build({
      contextDir: dir,
      dockerfile: join(dir, 'Dockerfile.bad'),
      image: 'catalog-build/e2e-bad:1',
      buildArgs: {},
      iidFile: join(dir, 'bad.iid'),
      ociLayoutDir: join(dir, 'bad-layout'),
    });
    expect(result).toMatchObject({ ok: false, step: 'build', imageId: undefined });
    expect(result.exitCode).not.toBe(0);
    expect(result.tail.join('\n')).toMatch(/missing\.txt/);
  }, 120_000);
});
