import { createAdapter, createSmokeTester } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildEvent } from './events.js';
import type { BuildPorts, RegistryPort } from './ports.js';
import { recordingPorts } from './recording-ports.js';
import { runBuild } from './run-build.js';
import type { BuildRunSettings } from './settings.js';

/**
 * The image index of a node built for several platforms is what its tags name, so what `cosign
 * verify <tag>` checks: after it is pushed, it is signed as its platforms are (attestations stay
 * on each platform's manifest). The dry run's recording ports run the same cosign argv code.
 */
const loaded = loadCatalog(
  `registry: r.example/acme
platforms: [linux/amd64, linux/arm64]
images:
  os: { kind: os, versions: { "1": {} } }
`,
  'catalog.yaml',
);
const templates = { templates: new Map([['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n']]), partials: [] };
const INDEX = 'r.example/acme/os@<index of linux/amd64 + linux/arm64 in r.example/acme/os>';
/** Holds nothing yet; the recording ports make its writes. */
const registry: RegistryPort = {
  resolve: async () => undefined,
  imageLabels: async () => ({}),
  listTags: async () => [],
  tag: async () => {
    throw new Error('recorded, not made');
  },
  pushOciLayout: async () => {
    throw new Error('recorded, not made');
  },
};

function run(signing: 'key' | 'off', cosign?: BuildPorts['cosign']) {
  const events: BuildEvent[] = [];
  const base = testRunSettings({ skipTests: true, jobs: 1, onEvent: (event) => events.push(event) });
  const supply = { catalogId: 'c', builderId: 'b', engine: 'buildah', toolVersion: '0', signing } as const;
  const settings: BuildRunSettings = { ...base, supply };
  const recording = recordingPorts({
    out: base.out,
    ...(signing === 'key' ? { cosign: { key: '/keys/cosign.key', insecureRegistry: false } } : {}),
    adapter: createAdapter('buildah'),
    registry,
    runCommand: async () => {
      throw new Error('no prepare step here');
    },
    smokeTester: (runFn, containerName) => createSmokeTester('buildah', {}, runFn, {}, containerName),
  });
  const ports = cosign ? { ...recording, cosign } : recording;
  const cosignCommands = () =>
    events.flatMap((e) => (e.type === 'command' && e.argv[0] === 'cosign' ? [e.argv.join(' ')] : []));
  const report = runBuild({ loaded, nodes: loaded.graph.order, templates, settings, ports, command: 'test' });
  return { report, events, cosignCommands };
}

describe('the image index of a node built for several platforms', () => {
  it('is signed by digest once it is pushed, after its platforms, with no attestation of its own', async () => {
    const built = run('key');
    const report = await built.report;
    expect(report.summary).toMatchObject({ built: 1, failed: 0 });
    const commands = built.cosignCommands();
    expect(commands.at(-1)).toBe(`cosign sign --yes --key /keys/cosign.key --tlog-upload=false ${INDEX}`);
    expect(commands.filter((c) => c.endsWith(INDEX))).toHaveLength(1);
    // Each platform's manifest: signed, its SBOM-less provenance attested (no package list without tests).
    expect(commands.filter((c) => c.startsWith('cosign sign '))).toHaveLength(3);
    expect(commands.filter((c) => c.startsWith('cosign attest ') && c.endsWith(INDEX))).toEqual([]);
    expect(report.nodes[0]?.supply).toMatchObject({ signed: true, signing: 'key', indexSigned: true });
    expect(report.nodes[0]?.tags).toContain('1');
  });

  it('is not signed when signing is off (--no-sign), and the report says so', async () => {
    const built = run('off');
    const report = await built.report;
    expect(report.summary).toMatchObject({ built: 1, failed: 0 });
    expect(built.cosignCommands()).toEqual([]);
    expect(report.nodes[0]?.supply).toMatchObject({ signed: false, indexSigned: false });
  });

  it('fails the node, moving none of its tags, when signing the index fails', async () => {
    const signed: string[] = [];
    const cosign: BuildPorts['cosign'] = {
      sign: async (reference) => {
        if (reference === INDEX) throw new Error(`cosign could not sign ${reference} (exit 1): no registry`);
        signed.push(reference);
      },
      attest: async () => {},
    };
    const built = run('key', cosign);
    const report = await built.report;
    expect(signed).toHaveLength(2);
    expect(report.nodes.map((n) => [n.id, n.status, n.tags])).toEqual([['os:1', 'failed', []]]);
    expect(report.nodes[0]?.reason).toBe(`cosign could not sign ${INDEX} (exit 1): no registry`);
  });
});
