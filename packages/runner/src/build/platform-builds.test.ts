import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Builder, BuildRequest, BuildResult } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import { HOST_PLATFORM } from './emulation.js';
import type { BuildEvent } from './events.js';
import { buildMachineFirst } from './platform-builds.js';
import type { BuildPorts } from './ports.js';
import { runBuild } from './run-build.js';

// This machine's platform and another one: the build-machine stages of the other are cross-built here.
const HOST = HOST_PLATFORM;
const OTHER = HOST === 'linux/amd64' ? 'linux/arm64' : 'linux/amd64';
const ARCH: Record<string, string> = { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64' };

function catalogWith(toolPlatforms: readonly string[], appPlatforms: readonly string[], toolArtifact = false) {
  return loadCatalog(
    `registry: r.example/acme
platforms: [${HOST}, ${OTHER}]
images:
  os:
    kind: os
    prepare: { run: [tools/rootfs.sh], file: rootfs.tar }
    versions: { "1": {} }
  tool:
    kind: runtime
    from: os:1
    platforms: [${toolPlatforms.join(', ')}]${toolArtifact ? '\n    artifact: { stage: artifact }' : ''}
    versions: { "1": {} }
  app:
    kind: app
    from: tool:1
    platforms: [${appPlatforms.join(', ')}]
    versions: { "1.0.0": {} }
`,
    'catalog.yaml',
  );
}

const CROSS_TEMPLATE = [
  'ARG BASE_IMAGE={{baseImage}}',
  'ARG BUILD_BASE_IMAGE={{baseImage}}',
  'FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE} AS build',
  'ARG CATALOG_ARCH',
  'FROM ${BASE_IMAGE}',
  'COPY --from=build /etc/hostname /built-on',
  'USER 10001',
  '',
].join('\n');

// A compile that, cross-compiling, uses the build machine's artifact of the same node (build-platform.ts).
const ARTIFACT_TEMPLATE = [
  'ARG BASE_IMAGE={{baseImage}}',
  'ARG BUILD_BASE_IMAGE={{baseImage}}',
  'ARG ARTIFACT_IMAGE',
  'ARG BUILD_ARTIFACT_IMAGE=scratch',
  'FROM --platform=$BUILDPLATFORM ${BUILD_ARTIFACT_IMAGE} AS build-machine-artifact',
  'FROM --platform=$BUILDPLATFORM ${BUILD_BASE_IMAGE} AS build',
  'RUN --mount=type=bind,from=build-machine-artifact,target=/mnt/built make',
  'FROM scratch AS artifact',
  'COPY --from=build /out /out',
  'FROM ${ARTIFACT_IMAGE} AS compiled',
  'FROM ${BASE_IMAGE}',
  'COPY --from=compiled /out /out',
  'USER 10001',
  '',
].join('\n');

function templatesWith(tool: string) {
  return {
    templates: new Map([
      ['images/os/Dockerfile.hbs', 'FROM scratch\nADD rootfs.tar /\nUSER 10001\n'],
      ['images/tool/Dockerfile.hbs', tool],
      ['images/app/Dockerfile.hbs', CROSS_TEMPLATE],
    ]),
    partials: [],
  };
}

/** Ports whose builder records each request (and the prepared file in its context at that moment). */
function recordingBuild(out: string, stored: (ref: string) => string | undefined = () => undefined) {
  const requests: { request: BuildRequest; rootfs?: string }[] = [];
  const builder = {
    name: 'buildah',
    build: async (request: BuildRequest) => {
      const rootfs = request.image.includes('/os:')
        ? readFileSync(join(request.contextDir, 'rootfs.tar'), 'utf8')
        : undefined;
      requests.push({ request, ...(rootfs === undefined ? {} : { rootfs }) });
      const digest = `sha256:${String(requests.length).padStart(64, '0')}`;
      return { ok: true, step: 'export', exitCode: 0, tail: [], manifestDigest: digest } as unknown as BuildResult;
    },
  } as unknown as Builder;
  // The prepare step writes one file per architecture and prints its path.
  const runCommand = async (
    _argv: readonly string[],
    options: { env?: Record<string, string>; onLine?: (line: string, stream: string) => void },
  ) => {
    const file = join(out, `rootfs-${options.env?.CATALOG_ARCH}.tar`);
    writeFileSync(file, `rootfs of ${options.env?.CATALOG_ARCH}`);
    options.onLine?.(file, 'stdout');
    return { exitCode: 0, tail: [] };
  };
  const ports = {
    builder,
    registry: {
      resolve: async (ref: string) => {
        const digest = stored(ref);
        return digest ? { digest } : undefined;
      },
      imageLabels: async () => ({}),
      listTags: async () => [],
    },
    readImageConfig: async () => undefined,
    runCommand,
    smokeTest: async () => ({ ok: true, output: '' }),
  };
  return { ports: ports as unknown as BuildPorts, requests };
}

async function build(
  toolPlatforms: readonly string[],
  appPlatforms: readonly string[],
  tool: { template?: string; artifact?: boolean; stored?: (ref: string) => string | undefined } = {},
) {
  const loaded = catalogWith(toolPlatforms, appPlatforms, tool.artifact);
  const templates = templatesWith(tool.template ?? CROSS_TEMPLATE);
  const events: BuildEvent[] = [];
  const settings = testRunSettings({ push: false, skipTests: true, jobs: 1, onEvent: (e) => events.push(e) });
  const { ports, requests } = recordingBuild(settings.out, tool.stored);
  const report = await runBuild({ loaded, nodes: loaded.graph.order, templates, settings, ports, command: 'test' });
  const of = (image: string, platform: string) =>
    requests.find((r) => r.request.image.includes(`/${image}:`) && r.request.platform === platform);
  const artifactOf = (platform: string) =>
    requests.find((r) => r.request.target === 'artifact' && r.request.platform === platform)?.request;
  const order = requests.map((r) => `${r.request.image.replace(/^.*\/([a-z]+):.*$/, '$1')} ${r.request.platform}`);
  return { report, events, of, artifactOf, order };
}

describe('a node built for several platforms', () => {
  it('builds each platform from its own prepared file', async () => {
    const { report, of } = await build([HOST, OTHER], [HOST, OTHER]);
    expect(report.summary).toMatchObject({ failed: 0 });
    expect(of('os', HOST)?.rootfs).toBe(`rootfs of ${ARCH[HOST]}`);
    expect(of('os', OTHER)?.rootfs).toBe(`rootfs of ${ARCH[OTHER]}`);
  });

  it("pins the build-machine stages of another platform to the parent's image for this machine", async () => {
    const { of } = await build([HOST, OTHER], [HOST, OTHER]);
    const tool = { host: of('tool', HOST)?.request, other: of('tool', OTHER)?.request };
    const app = { host: of('app', HOST)?.request, other: of('app', OTHER)?.request };
    // This machine's own platform: the build stage's parent is the image's parent.
    expect(app.host?.buildArgs).toMatchObject({
      BUILD_BASE_IMAGE: app.host?.buildArgs.BASE_IMAGE,
      CATALOG_ARCH: ARCH[HOST],
    });
    // The other platform: BASE_IMAGE is the parent's manifest for it, BUILD_BASE_IMAGE this machine's.
    expect(app.other?.buildArgs.BASE_IMAGE).toBe(tool.other?.image);
    expect(app.other?.buildArgs.BUILD_BASE_IMAGE).toBe(tool.host?.image);
    expect(app.other?.buildArgs.CATALOG_ARCH).toBe(ARCH[OTHER]);
    // The artifact-free node's input hash differs per platform, and so do the requests' labels.
    expect(app.other?.labels).not.toEqual(app.host?.labels);
  });

  it("pins them so for a node built for the other platform only (its parent has this machine's image)", async () => {
    const { of, events } = await build([HOST, OTHER], [OTHER]);
    expect(of('app', OTHER)?.request.buildArgs.BUILD_BASE_IMAGE).toBe(of('tool', HOST)?.request.image);
    expect(events.filter((e) => e.type === 'warning')).toEqual([]);
  });

  it("warns, and runs them under emulation, when the parent has no image for this machine's platform", async () => {
    const { of, events } = await build([OTHER], [OTHER]);
    const app = of('app', OTHER)?.request;
    expect(app?.buildArgs.BUILD_BASE_IMAGE).toBe(app?.buildArgs.BASE_IMAGE);
    expect(app?.buildArgs.CATALOG_ARCH).toBe(ARCH[OTHER]);
    const warnings = events.flatMap((e) => (e.type === 'warning' ? [e.message] : []));
    expect(warnings).toContain(
      `app:1.0.0 (${OTHER}): its build stages run under emulation, not cross-compiled: its parent tool:1 is not built for ${HOST} (add ${HOST} to the parent's platforms)`,
    );
  });
});

describe("a cross-compiled artifact and the build machine's artifact of the same node", () => {
  it("passes this machine's artifact, by its registry digest, to the other platform's compile", async () => {
    // The registry stores this machine's artifact (asked first: this machine's platform is built first).
    const asked: string[] = [];
    const stored = (ref: string) => {
      if (!ref.includes('/tool:artifact-')) return undefined;
      asked.push(ref);
      return asked.length === 1 ? `sha256:${'a'.repeat(64)}` : undefined;
    };
    const { report, artifactOf, order } = await build([HOST, OTHER], [HOST], {
      template: ARTIFACT_TEMPLATE,
      artifact: true,
      stored,
    });
    expect(report.summary).toMatchObject({ failed: 0 });
    expect(order.filter((line) => line.startsWith('tool'))).toEqual([`tool ${HOST}`, `tool ${OTHER}`, `tool ${OTHER}`]);
    // Its own key, then the other's; the run's result answers for this machine's without asking again.
    expect(asked).toHaveLength(2);
    expect(artifactOf(OTHER)?.buildArgs.BUILD_ARTIFACT_IMAGE).toBe(`r.example/acme/tool@sha256:${'a'.repeat(64)}`);
  });

  it("orders this machine's platform first, whatever the node's order (the index keeps the node's)", () => {
    const input = (platform: string, cross: boolean) => ({
      platform,
      hash: `hash of ${platform}`,
      parent: null,
      ...(cross
        ? { buildParent: { platform: 'linux/arm64', pin: { digest: 'sha256:0', pullRef: 'os@sha256:0' } } }
        : {}),
    });
    // On an arm64 machine, amd64 (listed first) is cross-compiled there.
    const inputs = [input('linux/amd64', true), input('linux/arm64', false), input('linux/386', true)];
    expect(buildMachineFirst(inputs).map((i) => i.platform)).toEqual(['linux/arm64', 'linux/amd64', 'linux/386']);
    expect(buildMachineFirst([input('linux/amd64', false)]).map((i) => i.platform)).toEqual(['linux/amd64']);
  });

  it("takes the build machine's artifact from the registry when the run does not build it", async () => {
    // The registry stores artifacts of the tool, except under the other platform's own key (asked first).
    const asked: string[] = [];
    const stored = (ref: string) => {
      if (!ref.includes('/tool:artifact-')) return undefined;
      asked.push(ref);
      return asked.length === 1 ? undefined : `sha256:${'b'.repeat(64)}`;
    };
    const { artifactOf } = await build([OTHER], [OTHER], { template: ARTIFACT_TEMPLATE, artifact: true, stored });
    expect(asked).toHaveLength(2);
    expect(asked[1]).not.toBe(asked[0]);
    expect(artifactOf(OTHER)?.buildArgs.BUILD_ARTIFACT_IMAGE).toBe(`r.example/acme/tool@sha256:${'b'.repeat(64)}`);
  });

  it('passes nothing to a template that does not ask for it, nor when no registry has the artifact', async () => {
    const plain = ARTIFACT_TEMPLATE.replace('ARG BUILD_ARTIFACT_IMAGE=scratch\n', '').replace(
      '${BUILD_ARTIFACT_IMAGE}',
      'scratch',
    );
    const without = await build([OTHER, HOST], [OTHER], { template: plain, artifact: true });
    expect(without.artifactOf(OTHER)?.buildArgs).not.toHaveProperty('BUILD_ARTIFACT_IMAGE');
    const none = await build([OTHER], [OTHER], { template: ARTIFACT_TEMPLATE, artifact: true });
    expect(none.artifactOf(OTHER)?.buildArgs).not.toHaveProperty('BUILD_ARTIFACT_IMAGE');
    // Compiled in this run but not pushed: buildah would not take another platform's local image.
    const local = await build([HOST, OTHER], [HOST], { template: ARTIFACT_TEMPLATE, artifact: true });
    expect(local.artifactOf(HOST)).toBeDefined();
    expect(local.artifactOf(OTHER)?.buildArgs).not.toHaveProperty('BUILD_ARTIFACT_IMAGE');
  });
});
