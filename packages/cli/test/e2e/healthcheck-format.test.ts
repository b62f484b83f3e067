import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildah, removeImage } from './app-image.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';

/**
 * HEALTHCHECK survives the build: an image whose Dockerfile has one is built by buildah in the
 * docker format, exported with Docker's manifest and config, and pushed so; the config the
 * registry serves carries the Healthcheck. An image without one stays OCI. Tiny images FROM
 * scratch (no Debian base), so the smoke tests are off (`--no-test`: nothing to run in them).
 */
const skip = e2eSkipReason(['/usr/bin/buildah']);

const CATALOG = (registry: string) => `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  probe-hc:
    kind: os
    versions: { "1": {} }
  probe-plain:
    kind: os
    versions: { "1": {} }
`;

const TEMPLATE = (healthcheck: string) => `FROM scratch
COPY probe /probe
{{> labels}}
${healthcheck}CMD ["/probe"]
`;

const ACCEPT = [
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

interface Pushed {
  readonly mediaType: string;
  readonly configMediaType: string;
  readonly config: { config?: { Healthcheck?: { Test?: string[]; Interval?: number }; Cmd?: string[] } };
}

/** The manifest the registry serves for a tag, and its config blob. */
async function pushed(base: string, repository: string, tag: string): Promise<Pushed> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { headers: { accept: ACCEPT } });
  expect(response.status).toBe(200);
  const manifest = (await response.json()) as { mediaType: string; config: { mediaType: string; digest: string } };
  const config = await (await fetch(`${base}/v2/${repository}/blobs/${manifest.config.digest}`)).json();
  return {
    mediaType: manifest.mediaType,
    configMediaType: manifest.config.mediaType,
    config: config as Pushed['config'],
  };
}

describe.skipIf(skip)(
  `HEALTHCHECK survives build, export and push${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 10 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    let output = '';

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = tempDir('catalog-e2e-hc-');
      writeFileSync(join(workspace, 'catalog.yaml'), CATALOG(`${registry.host}/e2e`));
      const healthcheck = 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/probe", "--ping"]\n';
      for (const [name, extra] of [
        ['probe-hc', healthcheck],
        ['probe-plain', ''],
      ] as const) {
        mkdirSync(join(workspace, 'images', name), { recursive: true });
        writeFileSync(join(workspace, 'images', name, 'Dockerfile.hbs'), TEMPLATE(extra));
        writeFileSync(join(workspace, 'images', name, 'probe'), 'a probe\n');
      }
      cpSync(join(REPO, 'images/_partials'), join(workspace, 'images/_partials'), { recursive: true });
      const result = runCatalog(workspace, ['build', '--push', '--no-test']);
      output = result.stdout + result.stderr;
      expect(result.code, output).toBe(0);
    });
    afterAll(async () => {
      const local = buildah(['images', '--format', '{{.Name}}:{{.Tag}}']).stdout.split('\n');
      for (const name of local.filter((n) => /\/probe-(hc|plain):/.test(n))) removeImage(name);
      await registry?.stop();
    });

    it('builds the image with a HEALTHCHECK in the docker format and says so', () => {
      expect(output).toMatch(/probe-hc:1.*docker image format: keeps HEALTHCHECK/);
      expect(output).not.toMatch(/probe-plain:1.*docker image format/);
    });

    it('pushes a Docker manifest whose config carries the Healthcheck', async () => {
      const image = await pushed(registry.url, 'e2e/probe-hc', '1');
      expect(image.mediaType).toBe('application/vnd.docker.distribution.manifest.v2+json');
      expect(image.configMediaType).toBe('application/vnd.docker.container.image.v1+json');
      expect(image.config.config?.Healthcheck).toEqual({
        Test: ['CMD', '/probe', '--ping'],
        Interval: 30_000_000_000,
        Timeout: 3_000_000_000,
      });
    });

    it('keeps an image without a HEALTHCHECK in the OCI format', async () => {
      const image = await pushed(registry.url, 'e2e/probe-plain', '1');
      expect(image.mediaType).toBe('application/vnd.oci.image.manifest.v1+json');
      expect(image.config.config?.Healthcheck).toBeUndefined();
      expect(image.config.config?.Cmd).toEqual(['/probe']);
    });
  },
);
