import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildah, removeImage, runInImage } from './app-image.js';
import { e2eSkipReason, fixtureWorkspace, REPO, runCatalog } from './fixture.js';
import { allTagsOf, digestOf, labelsOf } from './registry-api.js';

/**
 * Compile once, assemble often, end to end: a runtime whose `artifact` stage "compiles" (writes
 * random bytes, so a second compile would differ) is built and pushed with its artifact; after the
 * OS below changes (what a Debian security fix does), the runtime is rebuilt on the new base from
 * the registry's artifact without running the compile stage, with the local copy removed first
 * (as on a fresh CI runner). Changing one version's build options compiles that version only.
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);

const CATALOG = (registry: string) => `registry: ${registry}
labels: { prefix: io.e2e, vendor: E2E }
builder: { name: buildah, storageDriver: vfs, isolation: chroot }
images:
  os:
    kind: os
    prepare: { run: ["${join(REPO, 'tools/base-rootfs.sh')}", "{{vars.suite}}"], file: rootfs.tar }
    versions: { "13": { suite: trixie } }
  compiled:
    kind: runtime
    from: os:13
    artifact: { stage: artifact }
    tests: [{ name: the compiled file is there, run: [cat, /opt/tool/options], expect: "{{vars.options}}" }]
    versions:
      "1.0": { options: --fast }
      "2.0": { options: --small }
`;

const OS_TEMPLATE = (fix: string) => `FROM scratch
ADD rootfs.tar /
ENV HOME=/home/app${fix}
{{> non-root-user}}
{{> labels}}
USER 10001
CMD ["bash"]
`;

const COMPILED_TEMPLATE = `{{> base-image}}
ARG ARTIFACT_IMAGE
FROM \${BASE_IMAGE} AS build
USER 0
RUN echo "COMPILING {{version}}" && mkdir -p /opt/tool \\
 && head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \\n' > /opt/tool/stamp \\
 && echo {{shellQuote vars.options}} > /opt/tool/options

FROM scratch AS artifact
COPY --from=build /opt/tool /opt/tool

FROM \${ARTIFACT_IMAGE} AS compiled

FROM \${BASE_IMAGE}
COPY --from=compiled /opt/tool /opt/tool
{{> labels}}
USER 10001
`;

interface NodeReport {
  id: string;
  status: string;
  digest?: string;
  artifact?: { key: string; digest: string; reused: boolean };
}

describe.skipIf(skip)(
  `compiled artifacts are stored and reused${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 30 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    let namespace: string;
    // --json: the builder's log lines are events too, so a compile shows in the output.
    const build = () => {
      const result = runCatalog(workspace, ['build', '--push', '--json', '--report', 'report.json']);
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const nodes = (JSON.parse(readFileSync(join(workspace, 'report.json'), 'utf8')) as { nodes: NodeReport[] }).nodes;
      return { output: result.stdout + result.stderr, node: (id: string) => nodes.find((n) => n.id === id) };
    };
    const stampOf = (digest: string) => {
      const image = `${namespace}/compiled@${digest}`;
      buildah(['pull', '--quiet', '--tls-verify=false', image]);
      const result = runInImage(image, ['cat', '/opt/tool/stamp']);
      removeImage(image);
      return result.stdout.trim();
    };

    beforeAll(async () => {
      registry = await startLocalRegistry();
      namespace = `${registry.host}/e2e`;
      workspace = fixtureWorkspace(namespace);
      writeFileSync(join(workspace, 'catalog.yaml'), CATALOG(namespace));
      writeFileSync(join(workspace, 'images/os/Dockerfile.hbs'), OS_TEMPLATE(''));
      mkdirSync(join(workspace, 'images/compiled'));
      writeFileSync(join(workspace, 'images/compiled/Dockerfile.hbs'), COMPILED_TEMPLATE);
    });
    afterAll(() => registry?.stop());

    let first: { node: (id: string) => NodeReport | undefined };

    it('compiles the artifact stage once and stores it beside the image', async () => {
      first = build();
      const artifact = first.node('compiled:1.0')?.artifact;
      expect(artifact?.reused).toBe(false);
      expect(artifact?.key).toMatch(/^sha256:[0-9a-f]{64}$/);
      const tag = `artifact-${artifact?.key.slice(7)}`;
      expect(await allTagsOf(registry.url, 'e2e/compiled')).toContain(tag);
      expect(await digestOf(registry.url, 'e2e/compiled', tag)).toBe(artifact?.digest);
      expect((await labelsOf(registry.url, 'e2e/compiled', tag))['io.e2e.artifact-key']).toBe(artifact?.key);
    });

    it('reassembles on a changed OS from the registry artifact, compiling nothing', () => {
      const before = first.node('compiled:1.0');
      // A fresh runner has no local copy of the artifact: remove this workspace's.
      const local = buildah(['images', '--format', '{{.Name}}:{{.Tag}}']).stdout.split('\n');
      for (const name of local.filter((n) => n.includes('/compiled:artifact-'))) removeImage(name);
      writeFileSync(join(workspace, 'images/os/Dockerfile.hbs'), OS_TEMPLATE('\nENV SECURITY_FIX=1'));
      const second = build();
      expect(second.node('os:13')?.status).toBe('built');
      expect(second.node('os:13')?.digest).not.toBe(first.node('os:13')?.digest);
      const after = second.node('compiled:1.0');
      expect(after?.status).toBe('built');
      expect(after?.digest).not.toBe(before?.digest);
      expect(after?.artifact).toEqual({ ...before?.artifact, reused: true });
      expect(second.output).toContain(`"reused":true`);
      expect(second.output).toContain(`reused ${before?.artifact?.digest}`);
      expect(second.output).not.toContain('COMPILING');
      expect(stampOf(after?.digest ?? '')).toBe(stampOf(before?.digest ?? ''));
    });

    it('changing one version’s build options compiles that version only', () => {
      const text = readFileSync(join(workspace, 'catalog.yaml'), 'utf8').replace('--fast', '--faster');
      writeFileSync(join(workspace, 'catalog.yaml'), text);
      const third = build();
      expect(third.node('compiled:1.0')?.artifact?.reused).toBe(false);
      expect(third.output).toContain('COMPILING 1.0');
      expect(third.output).not.toContain('COMPILING 2.0');
      expect(third.node('compiled:2.0')?.status).toBe('up-to-date');
    });
  },
);
