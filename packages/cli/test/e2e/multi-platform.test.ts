import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { buildah, removeImage } from './app-image.js';
import { cosignVerify } from './cosign.js';
import { e2eSkipReason, REPO, runCatalog } from './fixture.js';
import { allTagsOf, digestOf, labelsOf, lastLayerText, tagsOf } from './registry-api.js';

/**
 * Two platforms under one tag: a base built for linux/amd64 and linux/arm64 is pushed as an OCI
 * image index (one manifest per platform, each with its platform) and its tags name the index; an
 * amd64-only app is pinned to the base's amd64 manifest; a sibling whose arm64 build fails
 * publishes nothing, while the app is published; a rerun builds nothing. Images FROM scratch, whose
 * only RUN step is a cross build's, on the build machine: nothing is emulated while building. A
 * cross-built artifact gets the build machine's artifact of the same node mounted. The base has a static busybox as its shell
 * and a `dpkg-query` that names the image's architecture, so the package list (run in each
 * platform's image, which needs the arm64 emulator registered) gives one SBOM per platform, each
 * attached to its platform's manifest, and `catalog verify` checks each; the index is signed too,
 * so the real `cosign verify` of the tag passes. Adding arm64 to the published app keeps its amd64
 * image in the new index. The arm64 build fails
 * through its platform alone: it copies `only-${TARGETARCH}.txt`, which exists for amd64.
 */
const BUSYBOX = '/bin/busybox';
const QEMU = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
const skip =
  e2eSkipReason(['/usr/bin/buildah', BUSYBOX, '/usr/bin/cosign']) ??
  (existsSync(QEMU) || process.env.CATALOG_REQUIRE_E2E === '1'
    ? undefined
    : `no ${QEMU}: apt-get install qemu-user-static binfmt-support`);

const CATALOG = (registry: string) => `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
platforms: [linux/amd64, linux/arm64]
images:
  platforms-base:
    kind: os
    versions: { "1": {} }
  platforms-app:
    kind: app
    from: platforms-base:1
    platforms: [linux/amd64]
    versions: { "1.0.0": {} }
  platforms-tool:
    kind: app
    from: platforms-base:1
    versions: { "1.0.0": {} }
  platforms-data:
    kind: app
    from: platforms-base:1
    artifact: { stage: artifact }
    versions: { "1.0.0": {} }
  platforms-cross:
    kind: app
    from: platforms-base:1
    artifact: { stage: artifact }
    versions: { "1.0.0": {} }
`;

const TEMPLATES: Record<string, string> = {
  'images/platforms-base/Dockerfile.hbs': [
    'FROM scratch',
    'COPY busybox /bin/sh',
    'COPY busybox /bin/sed',
    'ARG TARGETARCH',
    'COPY --chmod=755 dpkg-query-${TARGETARCH} /usr/bin/dpkg-query',
    'COPY os-release /etc/os-release',
    'COPY base.txt /base.txt',
    '{{> labels}}',
    '',
  ].join('\n'),
  'images/platforms-base/base.txt': 'the base\n',
  'images/platforms-base/os-release': 'ID=debian\nVERSION_ID="13"\n',
  'images/platforms-base/dpkg-query-amd64': "#!/bin/sh\necho 'base-files 13.8 amd64'\necho 'libc6 2.41-12 amd64'\n",
  'images/platforms-base/dpkg-query-arm64': "#!/bin/sh\necho 'base-files 13.8 arm64'\necho 'libc6 2.41-12 arm64'\n",
  'images/platforms-app/Dockerfile.hbs': '{{> base-image}}\nFROM ${BASE_IMAGE}\nCOPY app.txt /app.txt\n{{> labels}}\n',
  'images/platforms-app/app.txt': 'the app\n',
  'images/platforms-tool/Dockerfile.hbs':
    '{{> base-image}}\nFROM ${BASE_IMAGE}\nARG TARGETARCH\nCOPY only-${TARGETARCH}.txt /tool.txt\n{{> labels}}\n',
  'images/platforms-tool/only-amd64.txt': 'the tool, amd64\n',
  // A compiled artifact with the same files on both platforms (as pure-Python wheels are): each
  // platform's assembly must get its own platform's artifact image, not the other's from a cache.
  'images/platforms-data/Dockerfile.hbs': [
    '{{> base-image}}',
    'ARG ARTIFACT_IMAGE',
    'FROM scratch AS artifact',
    'COPY data.txt /data.txt',
    'FROM ${ARTIFACT_IMAGE} AS built',
    'FROM ${BASE_IMAGE}',
    'COPY --from=built /data.txt /data.txt',
    '{{> labels}}',
    '',
  ].join('\n'),
  'images/platforms-data/data.txt': 'the same data on every platform\n',
  // A "compile" on the build machine that, for another platform, gets the build machine's own
  // artifact of the node mounted (BUILD_ARTIFACT_IMAGE: the python image's helper CPython).
  'images/platforms-cross/Dockerfile.hbs': [
    '{{> base-image}}',
    '{{> build-base-image}}',
    'ARG ARTIFACT_IMAGE',
    'ARG BUILD_ARTIFACT_IMAGE=scratch',
    'FROM --platform=$BUILDPLATFORM ${BUILD_ARTIFACT_IMAGE} AS build-machine-artifact',
    'FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE} AS build',
    'ARG CATALOG_ARCH',
    'RUN --mount=type=bind,from=build-machine-artifact,target=/mnt/machine if [ -f /mnt/machine/how.txt ]; \\',
    '    then read -r how < /mnt/machine/how.txt; echo "for $CATALOG_ARCH with the build machine artifact ($how)"; \\',
    '    else echo "for $CATALOG_ARCH on its own"; fi > /how.txt',
    'FROM scratch AS artifact',
    'COPY --from=build /how.txt /how.txt',
    'FROM ${ARTIFACT_IMAGE} AS built',
    'FROM ${BASE_IMAGE}',
    'COPY --from=built /how.txt /how.txt',
    '{{> labels}}',
    '',
  ].join('\n'),
};

const INDEX = 'application/vnd.oci.image.index.v1+json';

interface Index {
  readonly mediaType: string;
  readonly manifests: readonly { digest: string; platform: { os: string; architecture: string } }[];
}

async function indexOf(base: string, repository: string, tag: string): Promise<Index> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, { headers: { accept: INDEX } });
  expect(response.status).toBe(200);
  return (await response.json()) as Index;
}

const platformsOf = (index: Index) => index.manifests.map((m) => `${m.platform.os}/${m.platform.architecture}`);

describe.skipIf(skip)(
  `two platforms under one tag${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 10 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    // The signing key is generated on first use in this cache folder, never in ~/.cache.
    let cache: string;
    const env = () => ({ CATALOG_CACHE: cache });
    const runs: { code: number | null; output: string }[] = [];
    const build = () => {
      const result = runCatalog(workspace, ['build', '--push', '--out', 'out', '--report', 'report.json'], env());
      const run = { code: result.code, output: result.stdout + result.stderr };
      runs.push(run);
      return run;
    };

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = tempDir('catalog-e2e-platforms-');
      writeFileSync(join(workspace, 'catalog.yaml'), CATALOG(`${registry.host}/e2e`));
      for (const [path, text] of Object.entries(TEMPLATES)) {
        mkdirSync(join(workspace, path, '..'), { recursive: true });
        writeFileSync(join(workspace, path), text);
      }
      copyFileSync(BUSYBOX, join(workspace, 'images/platforms-base/busybox'));
      cpSync(join(REPO, 'images/_partials'), join(workspace, 'images/_partials'), { recursive: true });
      cache = tempDir('catalog-e2e-platforms-cache-');
    });
    afterAll(async () => {
      // By id: images pulled by digest (smoke tests, catalog test) have no tag.
      const local = buildah(['images', '--format', '{{.ID}} {{.Name}}']).stdout.split('\n');
      const ours = local
        .filter((line) => /\/platforms-(base|app|tool|data|cross)$/.test(line))
        .map((line) => line.split(' ')[0]);
      for (const id of new Set(ours)) if (id) removeImage(id);
      await registry?.stop();
      if (workspace) rmSync(workspace, { recursive: true, force: true });
      if (cache) rmSync(cache, { recursive: true, force: true });
    });

    it('publishes nothing of a node whose arm64 build fails, and its amd64-only sibling branch', async () => {
      const first = build();
      expect(first.code, first.output).toBe(1);
      expect(first.output).toMatch(/failed +platforms-tool:1\.0\.0/);
      expect(await tagsOf(registry.url, 'e2e/platforms-tool')).toEqual([]);
      expect(await tagsOf(registry.url, 'e2e/platforms-app')).toEqual(['1', '1.0', '1.0.0', '1.0.0-r1']);
      expect(first.output).toMatch(/built +platforms-data:1\.0\.0/);
      expect(platformsOf(await indexOf(registry.url, 'e2e/platforms-data', '1.0.0'))).toEqual([
        'linux/amd64',
        'linux/arm64',
      ]);
    });

    it("cross-compiles the other platform's artifact with the build machine's artifact mounted", async () => {
      const index = await indexOf(registry.url, 'e2e/platforms-cross', '1.0.0');
      const [amd64, arm64] = index.manifests.map((m) => m.digest) as [string, string];
      expect(await lastLayerText(registry.url, 'e2e/platforms-cross', amd64)).toContain('for amd64 on its own\n');
      expect(await lastLayerText(registry.url, 'e2e/platforms-cross', arm64)).toContain(
        'for arm64 with the build machine artifact (for amd64 on its own)\n',
      );
      expect(runs[0]?.output).toMatch(/cross-compiled on linux\/amd64 with its linux\/amd64 artifact \S+@sha256:/);
    });

    it('pushes the base as an OCI image index with both platforms, named by its tags', async () => {
      const index = await indexOf(registry.url, 'e2e/platforms-base', '1-r1');
      expect(index.mediaType).toBe(INDEX);
      expect(platformsOf(index)).toEqual(['linux/amd64', 'linux/arm64']);
      const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
      const base = report.nodes.find((n: { id: string }) => n.id === 'platforms-base:1');
      expect(base.digest).toBe(await digestOf(registry.url, 'e2e/platforms-base', '1-r1'));
      expect(base.platforms.map((p: { platform: string; digest: string }) => [p.platform, p.digest])).toEqual(
        index.manifests.map((m) => [`${m.platform.os}/${m.platform.architecture}`, m.digest]),
      );
    });

    it("keeps one SBOM per platform, each of its own image, attached to that platform's manifest", async () => {
      const out = join(workspace, 'out');
      for (const arch of ['amd64', 'arm64']) {
        const listed = readFileSync(join(out, 'sbom', `platforms-base_1.linux-${arch}.txt`), 'utf8');
        expect(listed).toContain(`deb libc6 2.41-12 ${arch}`);
        const sbom = readFileSync(join(out, 'supply', 'platforms-base_1', `linux-${arch}`, 'sbom.cdx.json'), 'utf8');
        expect(sbom).toContain(`pkg:deb/debian/libc6@2.41-12?arch=${arch}`);
        expect(sbom).not.toContain(`arch=${arch === 'amd64' ? 'arm64' : 'amd64'}`);
      }
      expect(existsSync(join(out, 'sbom', 'platforms-base_1.txt'))).toBe(false);
      // The amd64-only app keeps the plain names.
      expect(readFileSync(join(out, 'sbom', 'platforms-app_1.0.0.txt'), 'utf8')).toContain('deb libc6 2.41-12 amd64');
      const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
      const base = report.nodes.find((n: { id: string }) => n.id === 'platforms-base:1');
      expect(base.supply).toEqual({
        signed: true,
        signing: 'key',
        indexSigned: true,
        platforms: [
          { platform: 'linux/amd64', signed: true, sbomPackages: 2 },
          { platform: 'linux/arm64', signed: true, sbomPackages: 2 },
        ],
      });
      const tags = await allTagsOf(registry.url, 'e2e/platforms-base');
      for (const { digest } of base.platforms as { digest: string }[])
        for (const suffix of ['sbom', 'provenance', 'sig', 'att'])
          expect(tags).toContain(`${digest.replace(':', '-')}.${suffix}`);
      // The index its tags name is signed too; its attestations stay on each platform's manifest.
      const index = base.digest.replace(':', '-');
      expect(tags).toContain(`${index}.sig`);
      for (const suffix of ['sbom', 'provenance', 'att']) expect(tags).not.toContain(`${index}.${suffix}`);
    });

    it("pins the amd64-only app to the base's amd64 manifest, not the index", async () => {
      const index = await indexOf(registry.url, 'e2e/platforms-base', '1-r1');
      const labels = await labelsOf(registry.url, 'e2e/platforms-app', '1.0.0');
      expect(labels['org.opencontainers.image.base.digest']).toBe(index.manifests[0]?.digest);
    });

    it('builds the fixed node for both platforms, then a rerun builds nothing', async () => {
      writeFileSync(join(workspace, 'images/platforms-tool/only-arm64.txt'), 'the tool, arm64\n');
      const second = build();
      expect(second.code, second.output).toBe(0);
      expect(second.output).toMatch(/built +platforms-tool:1\.0\.0/);
      expect(second.output).toMatch(/up-to-date +platforms-app:1\.0\.0/);
      const tool = await indexOf(registry.url, 'e2e/platforms-tool', '1.0.0');
      expect(platformsOf(tool)).toEqual(['linux/amd64', 'linux/arm64']);
      expect(await digestOf(registry.url, 'e2e/platforms-tool', '1.0.0-r1')).toBe(
        await digestOf(registry.url, 'e2e/platforms-tool', '1.0.0'),
      );
      const third = build();
      expect(third.code, third.output).toBe(0);
      expect(third.output).toMatch(/0 built, 5 up to date/);
    });

    it("the real cosign verify of the tag passes; catalog verify checks the index and each platform's image; docs show each platform's SBOM size", () => {
      // Once the whole subtree built (the test before), the base's rolling tags name its index.
      const ref = `${registry.host}/e2e/platforms-base:1`;
      const cosign = cosignVerify(join(cache, 'signing', 'cosign.pub'), ref);
      expect(cosign.code, cosign.output).toBe(0);
      const verified = runCatalog(workspace, ['verify', ref], env());
      expect(verified.code, verified.stdout + verified.stderr).toBe(0);
      expect(verified.stdout).toMatch(/ok +signature +image index \(sha256:[0-9a-f]{64}\): signed/);
      for (const platform of ['linux/amd64', 'linux/arm64'])
        for (const check of ['signature', 'sbom', 'provenance'])
          expect(verified.stdout).toMatch(new RegExp(`ok +${check} +${platform} \\(sha256:`));
      const docs = tempDir('catalog-e2e-platforms-docs-');
      const site = runCatalog(workspace, ['docs', '--from-registry', '--out', docs], env());
      expect(site.code, site.stderr).toBe(0);
      const page = readFileSync(join(docs, 'images/platforms-base.html'), 'utf8');
      expect(page).toContain('linux/amd64: 2 packages, linux/arm64: 2 packages');
      expect(page).toContain('the image index and each platform');
      rmSync(docs, { recursive: true, force: true });
      // The last build found the base up to date: its report reads each platform's supply from the registry.
      const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
      const base = report.nodes.find((n: { id: string }) => n.id === 'platforms-base:1');
      expect(base.status).toBe('up-to-date');
      expect(base.supply.indexSigned).toBe(true);
      expect(base.supply.platforms).toEqual([
        { platform: 'linux/amd64', signed: true, sbomPackages: 2 },
        { platform: 'linux/arm64', signed: true, sbomPackages: 2 },
      ]);
    });

    it('adds arm64 to the published amd64-only app: its amd64 image stays, by digest, in the new index', async () => {
      const amd64 = await digestOf(registry.url, 'e2e/platforms-app', '1.0.0');
      const catalog = readFileSync(join(workspace, 'catalog.yaml'), 'utf8');
      writeFileSync(join(workspace, 'catalog.yaml'), catalog.replace('    platforms: [linux/amd64]\n', ''));
      const added = build();
      expect(added.code, added.output).toBe(0);
      expect(added.output).toMatch(/built +platforms-app:1\.0\.0/);
      expect(added.output).toContain(`platforms-app:1.0.0: check linux/amd64: up to date (${amd64})`);
      expect(added.output).not.toMatch(/platforms-app:1\.0\.0: build linux\/amd64/);
      const index = await indexOf(registry.url, 'e2e/platforms-app', '1.0.0');
      expect(index.manifests.map((m) => [`${m.platform.os}/${m.platform.architecture}`, m.digest === amd64])).toEqual([
        ['linux/amd64', true],
        ['linux/arm64', false],
      ]);
      // The kept image's signature and SBOM are read from the registry.
      const report = JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8'));
      const app = report.nodes.find((n: { id: string }) => n.id === 'platforms-app:1.0.0');
      expect(app.supply.platforms).toEqual([
        { platform: 'linux/amd64', signed: true, sbomPackages: 2 },
        { platform: 'linux/arm64', signed: true, sbomPackages: 2 },
      ]);
      expect(build().output).toMatch(/0 built, 5 up to date/);
    });
  },
);
