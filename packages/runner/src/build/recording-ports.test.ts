import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createAdapter, createSmokeTester } from '@catalog/builders';
import { loadCatalog } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { testRunSettings } from '../../test/support/run-settings.js';
import type { BuildEvent } from './events.js';
import { recordingPorts } from './recording-ports.js';
import { runBuild } from './run-build.js';
import { LAST_REPORT } from './run-store.js';
import type { BuildRunSettings } from './settings.js';

const loaded = loadCatalog(
  `registry: r.example/acme
images:
  os: { kind: os, versions: { "1": {} }, tests: [{ name: release, run: [cat, /etc/os-release] }] }
  app:
    kind: app
    from: os:1
    secrets: [{ id: token, env: APP_TOKEN }]
    versions: { "1.0.0": {} }
`,
  'catalog.yaml',
);
const templates = {
  templates: new Map([
    ['images/os/Dockerfile.hbs', 'FROM scratch\nUSER 10001\n'],
    ['images/app/Dockerfile.hbs', 'ARG BASE_IMAGE={{baseImage}}\nFROM ${BASE_IMAGE}\nUSER 10001\n'],
  ]),
  partials: [],
};

/** A registry that holds nothing and fails the test if anything is written to it. */
function readOnlyRegistry(writes: string[]) {
  return {
    resolve: async () => undefined,
    imageLabels: async () => ({}),
    listTags: async () => [],
    pushOciLayout: async (dir: string) => {
      writes.push(`push ${dir}`);
      throw new Error('a dry run pushed');
    },
    tag: async (repository: string) => {
      writes.push(`tag ${repository}`);
    },
  };
}

function dryRun(environment: Record<string, string>, signing?: { key: string }) {
  const events: BuildEvent[] = [];
  const writes: string[] = [];
  const base = testRunSettings({ environment, onEvent: (event) => events.push(event) });
  const out = base.out;
  const supply = { catalogId: 'c', builderId: 'b', engine: 'buildah', toolVersion: '0', signing: 'key' } as const;
  const settings: BuildRunSettings = { ...base, ledger: join(out, 'ledger.jsonl'), ...(signing ? { supply } : {}) };
  const ports = recordingPorts({
    out,
    ...(signing ? { cosign: { key: signing.key, insecureRegistry: false } } : {}),
    adapter: createAdapter('buildah'),
    registry: readOnlyRegistry(writes),
    runCommand: async () => {
      throw new Error('no prepare step here');
    },
    smokeTester: (run, containerName) => createSmokeTester('buildah', {}, run, {}, containerName),
  });
  const command = (id: string) =>
    events.flatMap((e) => (e.type === 'command' && e.id === id ? [e.argv.join(' ')] : []));
  const report = runBuild({ loaded, nodes: loaded.graph.order, templates, settings, ports, command: 'dry' });
  return { report, out, writes, events, command };
}

describe('a dry run: the build pipeline with recording edges', () => {
  it('reports the engine commands with secrets and pinned parents, and writes nothing to the registry or reports', async () => {
    const run = dryRun({ APP_TOKEN: '/run/secrets/token' });
    const report = await run.report;
    expect(report.summary).toMatchObject({ built: 2, failed: 0 });
    const [build, exported, ...smoke] = run.command('app:1.0.0');
    expect(build).toMatch(/^buildah --storage-driver vfs build /);
    expect(build).toContain('--secret id=token,src=***');
    expect(build).toContain('--build-arg BASE_IMAGE=r.example/acme/os@<digest of os:1>');
    expect(build).toContain('--label io.catalog.input-hash=<input hash of app:1.0.0>');
    expect(exported).toMatch(/ push --format oci .*app:1\.0\.0 oci:/);
    // The os image's smoke test runs in a working container, named only when it exists.
    expect(run.command('os:1').slice(2, 5)).toEqual([
      expect.stringMatching(/ from --pull=never --name <container> --quiet localhost\/catalog-[0-9a-f]{8}\/os:1$/),
      expect.stringMatching(/ run --isolation chroot <container> -- cat \/etc\/os-release$/),
      expect.stringMatching(/ rm <container>$/),
    ]);
    expect(smoke.length).toBeGreaterThan(0);
    expect(run.writes).toEqual([]);
    expect(existsSync(join(run.out, LAST_REPORT))).toBe(false);
    expect(existsSync(join(run.out, 'ledger.jsonl'))).toBe(false);
    expect(existsSync(join(run.out, 'sbom'))).toBe(false);
    const tagged = run.events.flatMap((e) => (e.type === 'tagged' ? [`${e.id} ${e.tags.join(' ')}`] : []));
    expect(tagged).toEqual(['os:1 1-r1 1', 'app:1.0.0 1.0.0-r1 1.0.0 1.0 1']);
  });

  it('records the signing and attesting commands a push would run, and writes no SBOM or provenance', async () => {
    const run = dryRun({ APP_TOKEN: '/run/secrets/token' }, { key: '/keys/cosign.key' });
    expect((await run.report).summary).toMatchObject({ built: 2, failed: 0 });
    const cosign = run.command('app:1.0.0').filter((argv) => argv.startsWith('cosign '));
    const ref = 'r.example/acme/app@<digest of app:1.0.0>';
    const files = join(run.out, 'supply', 'app_1.0.0');
    expect(cosign).toEqual([
      `cosign sign --yes --key /keys/cosign.key --tlog-upload=false ${ref}`,
      `cosign attest --yes --key /keys/cosign.key --tlog-upload=false --type cyclonedx --predicate ${files}/sbom.cdx.json ${ref}`,
      `cosign attest --yes --key /keys/cosign.key --tlog-upload=false --type slsaprovenance1 --predicate ${files}/provenance.slsa.json ${ref}`,
    ]);
    expect(existsSync(join(run.out, 'supply'))).toBe(false);
    expect(run.writes).toEqual([]);
  });

  it('fails the node a real build would fail: a required secret that is not set', async () => {
    const report = await dryRun({}).report;
    expect(report.nodes.map((n) => [n.id, n.status, n.reason])).toEqual([
      ['os:1', 'built', 'not tagged: part of its subtree did not build'],
      ['app:1.0.0', 'failed', 'build secret "token" needs APP_TOKEN (set APP_TOKEN to the path of the secret\'s file)'],
    ]);
  });
});
