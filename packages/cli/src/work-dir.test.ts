import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '@catalog/core';
import { describe, expect, it } from 'vitest';
import { run, workspace } from '../test/test-io.js';
import { explicitWorkDir, registryWorkDir } from './work-dir.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const report = (registry: string) =>
  JSON.stringify({
    schemaVersion: 1,
    registry,
    pushed: true,
    interrupted: false,
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    summary: { built: 0, 'up-to-date': 0, failed: 0, skipped: 0 },
    nodes: [],
  });

describe('registryWorkDir', () => {
  it('gives out/ to the first registry that builds there, and every other registry its own folder', async () => {
    const out = join(workspace({}), 'out');
    expect(await registryWorkDir(out, 'a.example/acme', false)).toBe(out);
    expect(existsSync(join(out, 'registry.txt'))).toBe(false);
    expect(await registryWorkDir(out, 'a.example/acme', true)).toBe(out);
    expect(readFileSync(join(out, 'registry.txt'), 'utf8')).toBe('a.example/acme\n');
    expect(await registryWorkDir(out, 'a.example/acme', true)).toBe(out);
    expect(await registryWorkDir(out, '127.0.0.1:5000/acme', true)).toBe(join(out, 'registries/127.0.0.1_5000_acme'));
  });

  it('places an out/ written before registry.txt existed by the registry its last report names', async () => {
    const out = join(workspace({}), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'last-build.json'), report('a.example/acme'));
    writeFileSync(join(out, 'publish-ledger.jsonl'), '');
    // Another registry never takes it over, even when it builds first after the upgrade.
    expect(await registryWorkDir(out, 'b.example/acme', true)).toBe(join(out, 'registries/b.example_acme'));
    expect(existsSync(join(out, 'registry.txt'))).toBe(false);
    expect(await registryWorkDir(out, 'a.example/acme', true)).toBe(out);
    expect(readFileSync(join(out, 'registry.txt'), 'utf8')).toBe('a.example/acme\n');
  });

  it('refuses an out/ whose ledger no report or marker places', async () => {
    const out = join(workspace({}), 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'publish-ledger.jsonl'), '{"tag":"1.0.0-r1"}\n');
    const refused = await registryWorkDir(out, 'b.example/acme', true).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as UsageError).message).toContain('does not say for which registry');
    expect((refused as UsageError).hint).toContain('registry.txt');
  });
});

describe('explicitWorkDir (--out)', () => {
  it('is used as it is for one registry and refused to a second', async () => {
    const dir = join(workspace({}), 'elsewhere');
    expect(await explicitWorkDir(dir, 'a.example/acme', true)).toBe(dir);
    expect(await explicitWorkDir(dir, 'a.example/acme', true)).toBe(dir);
    await expect(explicitWorkDir(dir, 'b.example/acme', false)).rejects.toThrow(
      'holds the build state of a.example/acme, not of b.example/acme',
    );
  });
});

/** Two images, a child on a base, with no prepare step: what a dry run needs to show every command. */
const TWO_NODES = `registry: a.example/acme
labels: { prefix: io.t, vendor: T }
images:
  base:
    kind: os
    versions: { "1": {} }
  child:
    kind: app
    from: base:1
    versions: { "1.0.0": {} }
`;

describe('catalog build with two registries in one workspace', () => {
  /** A workspace whose out/ already belongs to a.example/acme, with that registry's last report. */
  function twoRegistryWorkspace(lastReport: string): string {
    const dir = workspace({ 'catalog.yaml': TWO_NODES });
    cpSync(join(REPO, 'images/_partials'), join(dir, 'images/_partials'), { recursive: true });
    mkdirSync(join(dir, 'images/base'));
    mkdirSync(join(dir, 'images/child'));
    writeFileSync(join(dir, 'images/base/Dockerfile.hbs'), 'FROM scratch\n{{> labels}}\n');
    writeFileSync(join(dir, 'images/child/Dockerfile.hbs'), '{{> base-image}}\nFROM ${BASE_IMAGE}\n{{> labels}}\n');
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out/registry.txt'), 'a.example/acme\n');
    writeFileSync(join(dir, 'out/last-build.json'), lastReport);
    return dir;
  }

  /** Every command a dry run would run, one line each. */
  async function dryRunCommands(dir: string, registry: string): Promise<string[]> {
    const result = await run(['build', '--dry-run', '--json', '--registry', registry], dir);
    return result.stdout
      .split('\n')
      .filter((line) => line.includes('"type":"command"'))
      .map((line) => (JSON.parse(line) as { argv: string[] }).argv.join(' '));
  }

  it("reads the last report of its own registry, never the other registry's", async () => {
    const dir = twoRegistryWorkspace('{"schemaVersion": 1, "nodes": [');
    const own = await run(['build', '--dry-run', '--registry', 'a.example/acme'], dir);
    expect(own.stderr).toContain('out/last-build.json: not a complete JSON document');
    const other = await run(['build', '--dry-run', '--registry', 'b.example/acme'], dir);
    expect(other.stderr).not.toContain('last-build.json');
  }, 60_000);

  it("builds from its own folder and its own local parent names, never the other registry's", async () => {
    const dir = twoRegistryWorkspace(report('a.example/acme'));
    const own = (await dryRunCommands(dir, 'a.example/acme')).join('\n');
    const other = (await dryRunCommands(dir, 'b.example/acme')).join('\n');
    const parentOf = (commands: string) => /BASE_IMAGE=(\S+)/.exec(commands)?.[1] ?? '';
    expect(parentOf(own)).toMatch(/\/base:1$/);
    expect(parentOf(other)).toMatch(/\/base:1$/);
    // The child's parent (and so its base.name label) is each registry's own build.
    expect(parentOf(other)).not.toBe(parentOf(own));
    expect(other).not.toContain(parentOf(own));
    expect(own).toContain(`--file ${join(dir, 'out/build/child/1.0.0/Dockerfile')}`);
    expect(other).toContain(`--file ${join(dir, 'out/registries/b.example_acme/build/child/1.0.0/Dockerfile')}`);
    expect(other).not.toMatch(new RegExp(`${join(dir, 'out')}/(build|oci)/`));
  }, 60_000);
});
