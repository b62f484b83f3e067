import type { Builder, BuildRequest } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildPorts } from './ports.js';
import { runBuild } from './run-build.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {} } }
  tool:
    kind: runtime
    from: os:1
    artifact: { stage: artifact }
    versions: { "1.0": {} }
`,
  'catalog.yaml',
);
const TOOL = `ARG BASE_IMAGE={{baseImage}}
ARG ARTIFACT_IMAGE
FROM \${BASE_IMAGE} AS build
RUN make
FROM scratch AS artifact
COPY --from=build /opt/tool /opt/tool
FROM \${ARTIFACT_IMAGE} AS compiled
FROM \${BASE_IMAGE}
COPY --from=compiled /opt/tool /opt/tool
USER 10001
`;
const templates = {
  templates: new Map([
    ['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n'],
    ['images/tool/Dockerfile.hbs', TOOL],
  ]),
  partials: [],
};

const digest = (n: number) => `sha256:${String(n).repeat(64)}`;

/** A registry that holds what was tagged (and `stored`), and a builder that records its requests. */
function fakePorts(stored: Record<string, string> = {}) {
  const requests: BuildRequest[] = [];
  const calls: string[] = [];
  const written = new Map(Object.entries(stored));
  const builder = {
    name: 'buildah',
    build: async (request: BuildRequest) => {
      requests.push(request);
      return {
        ok: true,
        step: 'export',
        exitCode: 0,
        aborted: false,
        durationMs: 1,
        tail: [],
        manifestDigest: digest(2),
      };
    },
  } as unknown as Builder;
  const registry = {
    resolve: async (ref: string) =>
      written.has(ref) ? { digest: written.get(ref), mediaType: '', size: 1 } : undefined,
    imageLabels: async () => ({}),
    listTags: async () => [],
    pushOciLayout: async (dir: string, repository: string) => {
      calls.push(`push ${repository} from ${dir.split('/').slice(-2).join('/')}`);
      return { digest: digest(3), mediaType: '', size: 1, blobs: [] };
    },
    tag: async (repository: string, at: string, tag: string) => {
      calls.push(`tag ${repository}:${tag.replace(/[0-9a-f]{64}$/, '<key>')}`);
      written.set(`${repository}:${tag}`, at);
    },
  };
  const ports = {
    builder,
    registry,
    readImageConfig: async () => undefined,
    runCommand: async () => ({}),
    smokeTest: async () => ({ ok: true, output: '' }),
  } as unknown as BuildPorts;
  return { ports, requests, calls };
}

const build = (ports: BuildPorts) =>
  runBuild({
    loaded,
    nodes: [loaded.graph.node('tool:1.0')],
    templates,
    settings: testRunSettings({ skipTests: true, pinnedParents: undefined }),
    ports,
    command: 'test',
  });

describe('compiled artifacts in a build run', () => {
  const parent = { 'r.example/acme/os:1': digest(1) };

  it('without a stored artifact: builds its stage alone, assembles from it, stores it after the image', async () => {
    const { ports, requests, calls } = fakePorts(parent);
    const report = await build(ports);
    expect(report.summary).toMatchObject({ built: 1, failed: 0 });
    expect(requests.map((r) => r.target ?? 'image')).toEqual(['artifact', 'image']);
    const [artifact, image] = requests;
    expect(artifact?.image).toMatch(/^localhost\/catalog-[0-9a-f]{8}\/tool:artifact-[0-9a-f]{64}$/);
    expect(artifact?.buildArgs).not.toHaveProperty('ARTIFACT_IMAGE');
    expect(image?.buildArgs.ARTIFACT_IMAGE).toBe(artifact?.image);
    expect(calls.slice(0, 3)).toEqual([
      'push r.example/acme/tool from tool/1.0',
      'push r.example/acme/tool from tool/1.0.artifact',
      'tag r.example/acme/tool:artifact-<key>',
    ]);
    const node = report.nodes[0];
    expect(node?.artifact).toMatchObject({ reused: false, digest: digest(3) });
    expect(node?.artifact?.key).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('with the artifact stored under its key: assembles from the registry by digest, compiles nothing', async () => {
    const first = fakePorts(parent);
    const key = (await build(first.ports)).nodes[0]?.artifact?.key.slice(7);
    const { ports, requests, calls } = fakePorts({ ...parent, [`r.example/acme/tool:artifact-${key}`]: digest(4) });
    const report = await build(ports);
    expect(requests).toHaveLength(1);
    expect(requests[0]?.target).toBeUndefined();
    expect(requests[0]?.buildArgs.ARTIFACT_IMAGE).toBe(`r.example/acme/tool@${digest(4)}`);
    expect(calls.filter((c) => c.includes('artifact'))).toEqual([]);
    expect(report.nodes[0]?.artifact).toEqual({ key: `sha256:${key}`, digest: digest(4), reused: true });
  });
});
