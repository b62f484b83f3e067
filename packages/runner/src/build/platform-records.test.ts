import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { platformsSupply } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { recordSbom } from './node-checks.js';
import type { BuildPorts } from './ports.js';
import { fileRunStore, packageListFile, supplyFile } from './run-store.js';
import { publishSupplyChain } from './supply-step.js';

/**
 * A node built for several platforms keeps one package list, SBOM and provenance per platform
 * (named by core's outputPlatform), and each platform's SBOM is the one of its own image; a node
 * of one platform keeps the plain names.
 */
const both = { id: 'os:13', image: 'os', version: '13', platforms: ['linux/amd64', 'linux/arm64'] };
const listed = (arch: string) => `deb base-files 13.8 ${arch}\ndeb libc6 2.41-12 ${arch}\nos debian 13\n`;

function context(out: string) {
  const smokeTest: BuildPorts['smokeTest'] = async (image) => ({
    ok: true,
    output: listed(image.endsWith('-linux-arm64') ? 'arm64' : 'amd64'),
    exitCode: 0,
    durationMs: 1,
  });
  return {
    settings: {
      out,
      skipTests: false,
      onEvent: () => {},
      revision: 'abc',
      supply: {
        catalogId: 'https://git.acme.example/catalog',
        builderId: 'urn:catalog:builder:local',
        engine: 'buildah',
        toolVersion: '0.1.0',
        signing: 'off' as const,
      },
    },
    ports: { registry: {} as BuildPorts['registry'], smokeTest, store: fileRunStore(out) },
  };
}

const step = { logFile: '/dev/null', signal: new AbortController().signal, step: () => {} };
const job = (node: typeof both) => ({
  node,
  tests: [],
  rendered: { requiredLabels: [], family: 'debian' },
  builtFromSource: [],
});

async function buildBoth(node: typeof both, out: string) {
  const ctx = context(out);
  const supplies = [];
  for (const platform of node.platforms) {
    await recordSbom(job(node), ctx, { name: `localhost/os:13-${platform.replace('/', '-')}`, platform }, step);
    const supply = await publishSupplyChain(job(node), ctx, {
      repository: 'r.example/acme/os',
      pushed: { digest: `sha256:${platform.endsWith('arm64') ? 'b' : 'a'}`, mediaType: '', size: 1 },
      inputHash: 'sha256:h',
      platform,
      parent: null,
      buildArgs: {},
      startedOn: new Date(),
      ...step,
    });
    supplies.push({ platform, supply });
  }
  return supplies;
}

describe('records of a node built for several platforms', () => {
  it('keeps a package list, SBOM and provenance per platform, each of its own image', async () => {
    const out = tempDir('catalog-records-');
    const supplies = await buildBoth(both, out);
    expect(readFileSync(packageListFile(out, 'os:13', 'linux/amd64'), 'utf8')).toBe(listed('amd64'));
    expect(readFileSync(packageListFile(out, 'os:13', 'linux/arm64'), 'utf8')).toBe(listed('arm64'));
    expect(packageListFile(out, 'os:13', 'linux/arm64')).toBe(join(out, 'sbom', 'os_13.linux-arm64.txt'));
    expect(existsSync(packageListFile(out, 'os:13'))).toBe(false);
    for (const [platform, arch] of [
      ['linux/amd64', 'amd64'],
      ['linux/arm64', 'arm64'],
    ] as const) {
      const sbom = JSON.parse(readFileSync(supplyFile(out, 'os:13', 'sbom.cdx.json', platform), 'utf8'));
      const purls = (sbom.components as { purl?: string }[]).map((c) => c.purl ?? '');
      expect(purls).toContain(`pkg:deb/debian/libc6@2.41-12?arch=${arch}&distro=debian-13`);
      expect(purls.join(' ')).not.toContain(`arch=${arch === 'amd64' ? 'arm64' : 'amd64'}`);
      const provenance = JSON.parse(readFileSync(supplyFile(out, 'os:13', 'provenance.intoto.json', platform), 'utf8'));
      expect(provenance.subject[0].digest.sha256).toBe(arch === 'amd64' ? 'a' : 'b');
    }
    expect(supplyFile(out, 'os:13', 'sbom.cdx.json', 'linux/arm64')).toBe(
      join(out, 'supply', 'os_13', 'linux-arm64', 'sbom.cdx.json'),
    );
    expect(
      platformsSupply(supplies.map(({ platform, supply }) => ({ platform, supply: supply ?? { signed: false } }))),
    ).toEqual({
      signed: false,
      platforms: [
        { platform: 'linux/amd64', signed: false, sbomPackages: 2 },
        { platform: 'linux/arm64', signed: false, sbomPackages: 2 },
      ],
    });
  });

  it('a node of one platform keeps the plain names', async () => {
    const out = tempDir('catalog-records-');
    await buildBoth({ ...both, platforms: ['linux/amd64'] }, out);
    expect(readFileSync(join(out, 'sbom', 'os_13.txt'), 'utf8')).toBe(listed('amd64'));
    expect(existsSync(join(out, 'supply', 'os_13', 'sbom.cdx.json'))).toBe(true);
  });
});
