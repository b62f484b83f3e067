import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Builder, BuildRequest, BuildResult } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildPorts } from './ports.js';
import { runBuild } from './run-build.js';
import type { BuildRunSettings } from './settings.js';

const D = (c: string): string => `sha256:${c.repeat(64)}`;
const UPSTREAM = 'up.example/library/debian:trixie-slim';
const loaded = loadCatalog(
  `registry: r.example/acme
images:
  base: { kind: runtime, from: "${UPSTREAM}", versions: { "1": {} } }
`,
  'catalog.yaml',
);
const templates = {
  templates: new Map([
    ['images/base/Dockerfile.hbs', 'ARG BASE_IMAGE={{baseImage}}\nFROM ${BASE_IMAGE}\nUSER 10001\n'],
  ]),
  partials: [],
};
const LABELS = Object.fromEntries(
  ['title', 'version', 'created', 'revision', 'base.name', 'base.digest'].map((k) => [
    `org.opencontainers.image.${k}`,
    'x',
  ]),
);

/** A registry that holds `base:1` with `inputHash` (when given) and the old digest under its rolling tag. */
function fakes(inputHash?: string) {
  const calls: string[] = [];
  const builds: BuildRequest[] = [];
  const written = new Map<string, string>();
  const registry = {
    resolve: async (ref: string) => {
      calls.push(`resolve ${ref}`);
      const digest = written.get(ref) ?? (ref.endsWith('/base:1') ? D('0') : undefined);
      return digest ? { digest, mediaType: '', size: 1 } : undefined;
    },
    imageLabels: async () =>
      inputHash ? { 'io.catalog.input-hash': inputHash } : { 'org.opencontainers.image.version': '1' },
    listTags: async () => ['1', '1-r1'],
    pushOciLayout: async () => ({ digest: D('2'), mediaType: '', size: 1, blobs: [] }),
    tag: async (repository: string, digest: string, tag: string) => {
      calls.push(`tag ${repository}:${tag}`);
      written.set(`${repository}:${tag}`, digest);
    },
    pushArtifact: async (repository: string, tag: string, content: { bytes: Uint8Array }) => {
      calls.push(`artifact ${repository}:${tag} ${new TextDecoder().decode(content.bytes).trim()}`);
      return D('3');
    },
  };
  const builder = {
    name: 'buildah',
    build: async (request: BuildRequest) => {
      builds.push(request);
      return { ok: true, step: 'export', exitCode: 0, tail: [], manifestDigest: D('2') } as unknown as BuildResult;
    },
  } as unknown as Builder;
  const ports = {
    builder,
    registry,
    readImageConfig: async () => ({ config: { Labels: { ...LABELS, 'io.catalog.id': 'x', 'io.catalog.kind': 'x' } } }),
    runCommand: async () => ({}),
    smokeTest: async () => ({ ok: true, output: 'deb openssl 3.5.1-1+deb13u1\n' }),
  } as unknown as BuildPorts;
  return { ports, calls, builds };
}

function settings(overrides: Partial<BuildRunSettings> = {}): BuildRunSettings {
  return testRunSettings({
    jobs: 1,
    pinnedParents: new Map([[UPSTREAM, { digest: D('a'), pullRef: `up.example/library/debian@${D('a')}` }]]),
    ...overrides,
  });
}

const build = (ports: BuildPorts, s: BuildRunSettings) =>
  runBuild({ loaded, nodes: loaded.graph.order, templates, settings: s, ports, command: 'catalog build' });

describe('builds with the upstream watch', () => {
  it('builds FROM the locked digest, not the moving tag, and stores its SBOM next to the image', async () => {
    const { ports, calls, builds } = fakes();
    const supply = { catalogId: 'c', builderId: 'b', engine: 'buildah', toolVersion: '0', signing: 'off' } as const;
    const report = await build(ports, settings({ supply }));
    expect(report.summary.built).toBe(1);
    expect(builds[0]?.buildArgs.BASE_IMAGE).toBe(`up.example/library/debian@${D('a')}`);
    expect(builds[0]?.buildArgs.BASE_DIGEST).toBe(D('a'));
    expect(calls).not.toContain(`resolve ${UPSTREAM}`);
    const sbom = calls.find((c) => c.startsWith(`artifact r.example/acme/base:sha256-${'2'.repeat(64)}.sbom `));
    expect(sbom).toContain('"purl":"pkg:deb/debian/openssl@3.5.1-1%2Bdeb13u1"');
    const provenance = calls.find((c) =>
      c.startsWith(`artifact r.example/acme/base:sha256-${'2'.repeat(64)}.provenance `),
    );
    expect(provenance).toContain('"predicateType":"https://slsa.dev/provenance/v1"');
    expect(calls.filter((c) => c.startsWith('tag'))).toEqual([
      'tag r.example/acme/base:1-r2',
      'tag r.example/acme/base:1',
    ]);
  });

  it('a refreshed node is rebuilt although the registry holds an image of the same inputs', async () => {
    const first = await build(fakes().ports, settings());
    const hash = first.nodes[0]?.inputHash as string;
    expect((await build(fakes(hash).ports, settings())).summary['up-to-date']).toBe(1);
    const refreshed = await build(fakes(hash).ports, settings({ refresh: new Set(['base:1']) }));
    expect(refreshed.summary.built).toBe(1);
  });

  it('records every tag applied, with the digest a moved tag named before, in the ledger', async () => {
    const s = settings();
    const ledger = join(s.out, 'ledger.jsonl');
    await build(fakes().ports, { ...s, ledger });
    const lines = readFileSync(ledger, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      expect.objectContaining({ id: 'base:1', tag: '1-r2', digest: D('2'), command: 'catalog build' }),
      expect.objectContaining({ id: 'base:1', tag: '1', digest: D('2'), previous: D('0') }),
    ]);
    expect(lines[0]).not.toHaveProperty('previous');
  });
});
