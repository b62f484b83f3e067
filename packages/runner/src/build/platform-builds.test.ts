import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Builder, BuildRequest, BuildResult } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import { HOST_PLATFORM } from './emulation.js';
import type { BuildEvent } from './events.js';
import type { BuildPorts } from './ports.js';
import { runBuild } from './run-build.js';

// This machine's platform and another one: the build-machine stages of the other are cross-built here.
const HOST = HOST_PLATFORM;
const OTHER = HOST === 'linux/amd64' ? 'linux/arm64' : 'linux/amd64';
const ARCH: Record<string, string> = { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64' };

function catalogWith(toolPlatforms: readonly string[], appPlatforms: readonly string[]) {
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
    platforms: [${toolPlatforms.join(', ')}]
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

const templates = {
  templates: new Map([
    ['images/os/Dockerfile.hbs', 'FROM scratch\nADD rootfs.tar /\nUSER 10001\n'],
    ['images/tool/Dockerfile.hbs', CROSS_TEMPLATE],
    ['images/app/Dockerfile.hbs', CROSS_TEMPLATE],
  ]),
  partials: [],
};

/** Ports whose builder records each request (and the prepared file in its context at that moment). */
function recordingBuild(out: string) {
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
    registry: { resolve: async () => undefined, imageLabels: async () => ({}), listTags: async () => [] },
    readImageConfig: async () => undefined,
    runCommand,
    smokeTest: async () => ({ ok: true, output: '' }),
  };
  return { ports: ports as unknown as BuildPorts, requests };
}

async function build(toolPlatforms: readonly string[], appPlatforms: readonly string[]) {
  const loaded = catalogWith(toolPlatforms, appPlatforms);
  const events: BuildEvent[] = [];
  const settings = testRunSettings({ push: false, skipTests: true, jobs: 1, onEvent: (e) => events.push(e) });
  const { ports, requests } = recordingBuild(settings.out);
  const report = await runBuild({ loaded, nodes: loaded.graph.order, templates, settings, ports, command: 'test' });
  const of = (image: string, platform: string) =>
    requests.find((r) => r.request.image.includes(`/${image}:`) && r.request.platform === platform);
  return { report, events, of };
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
