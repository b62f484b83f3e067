import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { pushUpstream } from '@catalog/registry/test/upstream-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../test-io.js';

/**
 * The OCI source of `catalog upstream versions`: an external parent's tags, read from a real
 * docker-registry on 127.0.0.1; the new tag's digest stands for its checksum.
 */
const skip = localRegistrySkipReason();

describe.skipIf(skip)(
  `new tags of an external parent${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 120_000 },
  () => {
    let registry: LocalRegistry;
    const digests: Record<string, string> = {};

    beforeAll(async () => {
      registry = await startLocalRegistry();
      const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
      for (const tag of ['1.2.0', '1.2.1', '1.3.0', '1.2.2-rc.1', 'latest']) {
        const pushed = await pushUpstream(
          client,
          `${registry.host}/lib/base`,
          tag,
          { 'linux/amd64': `base:${tag}` },
          { index: false },
        );
        digests[tag] = pushed.digest;
      }
    }, 60_000);
    afterAll(async () => {
      await registry?.stop();
    });

    it('proposes the newest patch tag, with its digest; --write moves the from: of the version', async () => {
      const catalog = `registry: ${registry.host}/acme
images:
  base:
    kind: runtime
    versioning: semver
    # the tags of the upstream repository
    updates: { source: oci, project: ${registry.host}/lib/base }
    versions:
      "1.2.0": { from: "${registry.host}/lib/base:1.2.0" }   # pinned by tag
`;
      const dir = workspace({ 'catalog.yaml': catalog });
      const env = { CATALOG_CACHE: tempDir('catalog-cache-'), CATALOG_PARSE_CACHE: 'off' };
      const listed = await run(['upstream', 'versions', '--json'], dir, env);
      expect(listed.code, listed.stderr).toBe(3);
      const [image] = JSON.parse(listed.stdout).images;
      expect(image.proposals).toEqual([
        expect.objectContaining({
          version: '1.2.1',
          supersedes: '1.2.0',
          mode: 'replace',
          checksum: { file: '1.2.1', sha256: digests['1.2.1']?.replace('sha256:', '') },
        }),
      ]);
      const written = await run(['upstream', 'versions', '--write'], dir, env);
      expect(written.code, written.stderr).toBe(3);
      expect(readFileSync(join(dir, 'catalog.yaml'), 'utf8')).toBe(
        catalog.replace(
          `"1.2.0": { from: "${registry.host}/lib/base:1.2.0" }`,
          `"1.2.1": { from: "${registry.host}/lib/base:1.2.1" }`,
        ),
      );
      expect((await run(['upstream', 'versions'], dir, env)).code).toBe(0);
    });
  },
);
