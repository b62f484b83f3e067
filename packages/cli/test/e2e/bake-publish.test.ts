import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run } from '../test-io.js';
import { digestOf, tagsOf } from './registry-api.js';

/**
 * After `docker buildx bake` of `plan --format bake` pushed a two-platform index by digest
 * (simulated here with the registry client: there is no BuildKit in CI), `catalog publish
 * --bake-metadata` tags it through the guarded tag phase, against a real registry.
 */
const skip = localRegistrySkipReason();

describe.skipIf(skip)(`publish what a bake pushed${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let dir: string;
  beforeAll(async () => {
    registry = await startLocalRegistry();
    dir = tempDir('catalog-bake-publish-');
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('tags the index under the tag plan, once', async () => {
    const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    const repository = `${registry.host}/acme/os`;
    const images = [];
    for (const architecture of ['amd64', 'arm64']) {
      const image = await writeTestOciLayout(join(dir, architecture), {
        architecture,
        labels: { 'org.opencontainers.image.version': '13' },
      });
      await client.pushOciLayout(image.layoutDir, repository);
      images.push({ platform: `linux/${architecture}`, digest: image.manifestDigest });
    }
    const index = await client.pushIndex(repository, images);
    await writeFile(
      join(dir, 'catalog.yaml'),
      `registry: ${registry.host}/acme\nimages:\n  os:\n    kind: os\n    versions: { "13": {} }\n`,
    );
    await writeFile(
      join(dir, 'bake.json'),
      JSON.stringify({ 'os-13': { 'containerimage.digest': index.digest, 'image.name': repository } }),
    );
    const env = { CATALOG_REVISION: 'bake-1' };
    const published = await run(['publish', '--bake-metadata', 'bake.json', '--json'], dir, env);
    expect(published.code, published.stdout + published.stderr).toBe(0);
    const report = JSON.parse(published.stdout.trim().split('\n').at(-1) as string).report;
    expect(report.nodes[0]).toMatchObject({ id: 'os:13', platform: 'linux/amd64,linux/arm64', tags: ['13-r1', '13'] });
    expect(await tagsOf(registry.url, 'acme/os')).toEqual(['13', '13-r1']);
    expect(await digestOf(registry.url, 'acme/os', '13')).toBe(index.digest);
    const again = await run(['publish', '--bake-metadata', 'bake.json'], dir, env);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await tagsOf(registry.url, 'acme/os')).toEqual(['13', '13-r1']);
  }, 120_000);
});
