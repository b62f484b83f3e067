import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run } from '../test-io.js';
import { COSIGN, cosignVerify } from './cosign.js';
import { e2eSkipReason } from './fixture.js';
import { allTagsOf, digestOf } from './registry-api.js';

/**
 * `catalog publish` of two machines' reports (one per platform, images pushed by digest with the
 * registry client: building them is the other suites' job) pushes each node's image index and
 * signs it, with the same settings as `build --push` (here the key generated on first use in the
 * tool's cache folder): the real `cosign verify --key` of the tag then passes. `--no-sign` leaves
 * the index unsigned; a rerun signs nothing again. Against a real registry and the real cosign.
 */
const skip = e2eSkipReason([COSIGN]);
const REVISION = 'e2e-publish-index-1';

describe.skipIf(skip)(`publish signs the indexes it pushes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let dir: string;
  let cache: string;
  const env = () => ({ CATALOG_REVISION: REVISION, CATALOG_CACHE: cache });

  /** Pushes an amd64 and an arm64 image of `image` by digest and writes one machine's report for each. */
  async function builtOnTwoMachines(image: string, version: string): Promise<string[]> {
    const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    const files = [];
    for (const architecture of ['amd64', 'arm64']) {
      const layout = await writeTestOciLayout(join(dir, `${image}-${architecture}`), {
        architecture,
        labels: { 'org.opencontainers.image.version': version },
        layers: [{ 'image.txt': `${image} for ${architecture}\n` }],
      });
      await client.pushOciLayout(layout.layoutDir, `${registry.host}/acme/${image}`);
      const file = `${image}-${architecture}.json`;
      const node = { id: `${image}:${version}`, platform: `linux/${architecture}`, status: 'built', tags: [] };
      const report = {
        ...{ schemaVersion: 2, registry: `${registry.host}/acme`, revision: REVISION, pushed: true, published: false },
        ...{ interrupted: false, startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1 },
        summary: { built: 1, 'up-to-date': 0, failed: 0, skipped: 0 },
        nodes: [{ ...node, digest: layout.manifestDigest }],
      };
      await writeFile(join(dir, file), JSON.stringify(report));
      files.push(file);
    }
    return files;
  }

  beforeAll(async () => {
    registry = await startLocalRegistry();
    dir = tempDir('catalog-publish-index-');
    cache = tempDir('catalog-publish-index-cache-');
    await writeFile(
      join(dir, 'catalog.yaml'),
      `registry: ${registry.host}/acme
platforms: [linux/amd64, linux/arm64]
images:
  os: { kind: os, versions: { "13": {} } }
  tool: { kind: os, versions: { "1": {} } }
`,
    );
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
    for (const folder of [dir, cache]) if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('signs the index it pushes: cosign verify of the tag passes; a rerun signs nothing again', async () => {
    const reports = await builtOnTwoMachines('os', '13');
    const published = await run(['publish', ...reports, '--select', 'os:13'], dir, env());
    expect(published.code, published.stdout + published.stderr).toBe(0);
    expect(published.stderr).toContain('no signing key configured: generated a key pair');
    const index = (await digestOf(registry.url, 'acme/os', '13')) as string;
    const signature = `${index.replace(':', '-')}.sig`;
    expect(await allTagsOf(registry.url, 'acme/os')).toContain(signature);
    const publicKey = join(cache, 'signing', 'cosign.pub');
    const verified = cosignVerify(publicKey, `${registry.host}/acme/os:13`);
    expect(verified.code, verified.output).toBe(0);
    // catalog verify checks the index's signature (its platforms, pushed here unsigned, fail).
    const checked = await run(['verify', `${registry.host}/acme/os:13`, '--key', publicKey], dir, env());
    expect(checked.stdout).toMatch(new RegExp(`ok +signature +image index \\(${index}\\): signed`));
    expect(checked.code).toBe(1);
    const signedOnce = await digestOf(registry.url, 'acme/os', signature);
    const again = await run(['publish', ...reports, '--select', 'os:13'], dir, env());
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await digestOf(registry.url, 'acme/os', signature)).toBe(signedOnce);
  }, 120_000);

  it('with --no-sign, leaves the index unsigned: cosign verify of the tag fails', async () => {
    const reports = await builtOnTwoMachines('tool', '1');
    const published = await run(['publish', ...reports, '--select', 'tool:1', '--no-sign'], dir, env());
    expect(published.code, published.stdout + published.stderr).toBe(0);
    expect(published.stderr).toContain('publishing unsigned (--no-sign)');
    const index = (await digestOf(registry.url, 'acme/tool', '1')) as string;
    expect(await allTagsOf(registry.url, 'acme/tool')).not.toContain(`${index.replace(':', '-')}.sig`);
    const verified = cosignVerify(join(cache, 'signing', 'cosign.pub'), `${registry.host}/acme/tool:1`);
    expect(verified.code).not.toBe(0);
  }, 120_000);
});
