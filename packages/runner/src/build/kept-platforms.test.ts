import { createAdapter, createSmokeTester } from '@catalog/builders';
import { inputHashLabel, loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildEvent } from './events.js';
import type { RegistryPort } from './ports.js';
import { recordingPorts } from './recording-ports.js';
import { runBuild } from './run-build.js';

/**
 * A platform added to a published node: the image under its tag is still current for the platforms
 * it has (same input hash), so the new index keeps it by digest and only the new platform is built.
 * A dry run (recording ports) over a registry that holds what the test says.
 */
const catalogFor = (platforms: string) =>
  loadCatalog(
    `registry: r.example/acme
platforms: [${platforms}]
images:
  os: { kind: os, versions: { "1": {} } }
`,
    'catalog.yaml',
  );
const templates = { templates: new Map([['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n']]), partials: [] };
const PUBLISHED = `sha256:${'7'.repeat(64)}`;
const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/** A registry whose `os:1` is one linux/amd64 image with `hash` as its input-hash label, or holds nothing. */
function registryWith(hash?: string): RegistryPort {
  const published = (ref: string) => hash !== undefined && (ref === 'r.example/acme/os:1' || ref.endsWith(PUBLISHED));
  return {
    resolve: async (ref) => (published(ref) ? { digest: PUBLISHED, mediaType: MANIFEST, size: 400 } : undefined),
    platformDigests: async (ref) =>
      published(ref) ? [{ platform: 'linux/amd64', digest: PUBLISHED, mediaType: MANIFEST, size: 400 }] : [],
    imageLabels: async (ref) =>
      published(ref) ? { [inputHashLabel(catalogFor('linux/amd64').catalog.labels.prefix)]: hash as string } : {},
    listTags: async () => [],
    tag: async () => {},
    pushOciLayout: async () => ({ digest: PUBLISHED, mediaType: MANIFEST, size: 400, blobs: [] }),
  };
}

async function dryRun(platforms: string, registry: RegistryPort) {
  const loaded = catalogFor(platforms);
  const events: BuildEvent[] = [];
  const settings = testRunSettings({ skipTests: true, jobs: 1, onEvent: (event) => events.push(event) });
  const ports = recordingPorts({
    out: settings.out,
    adapter: createAdapter('buildah'),
    registry,
    runCommand: async () => {
      throw new Error('no prepare step here');
    },
    smokeTester: (runFn, containerName) => createSmokeTester('buildah', {}, runFn, {}, containerName),
  });
  const report = await runBuild({ loaded, nodes: loaded.graph.order, templates, settings, ports, command: 'test' });
  const builds = events.flatMap((e) =>
    e.type === 'command' && e.argv[0] === 'buildah' && e.argv.includes('build')
      ? [e.argv[e.argv.indexOf('--platform') + 1]]
      : [],
  );
  const steps = events.flatMap((e) => (e.type === 'step' && e.detail ? [`${e.step} ${e.detail}`] : []));
  return { report, node: report.nodes[0], builds, steps };
}

describe('a platform added to a published node', () => {
  it('hashes linux/amd64 alike whether the node is built for it alone or with others', async () => {
    const alone = await dryRun('linux/amd64', registryWith());
    const both = await dryRun('linux/amd64, linux/arm64', registryWith());
    expect(alone.node?.inputHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(both.node?.platforms?.map((p) => p.inputHash)).toEqual([alone.node?.inputHash, expect.any(String)]);
    // Any other platform is hashed with its name, so its image differs from amd64's.
    const arm64 = await dryRun('linux/arm64', registryWith());
    expect(both.node?.platforms?.[1]?.inputHash).toBe(arm64.node?.inputHash);
    expect(arm64.node?.inputHash).not.toBe(alone.node?.inputHash);
  });

  it('keeps the current linux/amd64 image in the new index and builds linux/arm64 alone', async () => {
    const hash = (await dryRun('linux/amd64', registryWith())).node?.inputHash;
    const added = await dryRun('linux/amd64, linux/arm64', registryWith(hash));
    expect(added.report.summary).toMatchObject({ built: 1, failed: 0 });
    expect(added.builds).toEqual(['linux/arm64']);
    expect(added.node?.platforms?.map((p) => [p.platform, p.digest === PUBLISHED])).toEqual([
      ['linux/amd64', true],
      ['linux/arm64', false],
    ]);
    expect(added.steps).toContain(`check linux/amd64: up to date (${PUBLISHED}): the new index keeps it`);
  });

  it('builds every platform when the published image was built from other inputs', async () => {
    const added = await dryRun('linux/amd64, linux/arm64', registryWith(`sha256:${'0'.repeat(64)}`));
    expect(added.builds).toEqual(['linux/amd64', 'linux/arm64']);
    expect(added.node?.platforms?.some((p) => p.digest === PUBLISHED)).toBe(false);
  });
});
