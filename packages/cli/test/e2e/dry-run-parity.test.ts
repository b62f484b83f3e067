import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BuildReport, parseBuildReport } from '@catalog/core';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { e2eSkipReason, fixtureWorkspace, runCatalog } from './fixture.js';

/**
 * `catalog build --dry-run` is the real pipeline with recording edges: the commands it prints are
 * the commands a build then runs, node by node, build secrets included. Both runs report their
 * commands as `command` events (`--json`); the dry run's placeholders (digests, input hashes,
 * container names: what only a build knows) are the only words allowed to differ, and digests and
 * input hashes must be exactly what the build reported for the node they name.
 */
const skip = e2eSkipReason(['/usr/bin/buildah', '/usr/sbin/debootstrap']);

type Commands = Map<string, string[][]>;

/** The `command` events of a `--json` run, per node, in order. */
function commandsOf(stdout: string): Commands {
  const commands: Commands = new Map();
  for (const line of stdout.split('\n')) {
    if (!line.startsWith('{"type":"command"')) continue;
    const event = JSON.parse(line) as { id: string; argv: string[] };
    commands.set(event.id, [...(commands.get(event.id) ?? []), event.argv]);
  }
  return commands;
}

/** A dry-run word as a pattern: known placeholders replaced by the build's values, `<container>` any word. */
function wordPattern(word: string, report: BuildReport): RegExp {
  const value = (kind: string, id: string): string => {
    const node = report.nodes.find((n) => n.id === id);
    const found = kind === 'digest' ? node?.digest : node?.inputHash;
    if (!found) throw new Error(`the build reported no ${kind} for ${id}`);
    return found;
  };
  const known = word.replace(/<(digest|input hash) of ([^<>]+)>/g, (_, kind: string, id: string) =>
    value(kind === 'digest' ? 'digest' : 'inputHash', id),
  );
  const escaped = known.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/<container>/g, '\\S+');
  return new RegExp(`^${escaped}$`);
}

describe.skipIf(skip)(
  `a dry run prints what the build runs${skip ? ` (skipped: ${skip})` : ''}`,
  { timeout: 30 * 60_000 },
  () => {
    let registry: LocalRegistry;
    let workspace: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      registry = await startLocalRegistry();
      workspace = fixtureWorkspace(`${registry.host}/parity`);
      // The runtime image reads a build secret: mounted for one RUN step, never a build arg.
      const catalog = join(workspace, 'catalog.yaml');
      writeFileSync(
        catalog,
        readFileSync(catalog, 'utf8').replace(
          '    kind: runtime\n',
          '    kind: runtime\n    secrets: [{ id: token, env: E2E_TOKEN }]\n',
        ),
      );
      const template = join(workspace, 'images/runtime/Dockerfile.hbs');
      writeFileSync(
        template,
        readFileSync(template, 'utf8').replace(
          'USER 0\n',
          'USER 0\nRUN --mount=type=secret,id=token test -s /run/secrets/token\n',
        ),
      );
      const secret = join(workspace, 'token.txt');
      writeFileSync(secret, 'not-a-real-token\n', { mode: 0o600 });
      // Outside a git checkout the created time is the run's own clock unless SOURCE_DATE_EPOCH
      // pins it, as reproducible builds do: pinned, a dry run knows it in advance.
      env = { E2E_TOKEN: secret, SOURCE_DATE_EPOCH: '1767225600' };
    });
    afterAll(() => registry?.stop());

    it('node by node, the dry run printed the argv the build executed', () => {
      const args = ['build', 'app:1.0.0', '--ancestors', '--push', '--json'];
      const dry = runCatalog(workspace, [...args, '--dry-run'], env);
      expect(dry.code, dry.stdout + dry.stderr).toBe(0);
      const real = runCatalog(workspace, [...args, '--report', 'report.json'], env);
      expect(real.code, real.stdout + real.stderr).toBe(0);
      const report = parseBuildReport(readFileSync(join(workspace, 'report.json'), 'utf8'), 'report.json');
      expect(report.summary).toMatchObject({ built: 3, failed: 0 });

      const printed = commandsOf(dry.stdout);
      const executed = commandsOf(real.stdout);
      expect([...printed.keys()]).toEqual(['os:13', 'runtime:1.0', 'app:1.0.0']);
      expect([...executed.keys()].sort()).toEqual([...printed.keys()].sort());
      for (const [id, commands] of printed) {
        const ran = executed.get(id) ?? [];
        expect(
          ran.map((argv) => argv.slice(0, 4).join(' ')),
          id,
        ).toEqual(commands.map((argv) => argv.slice(0, 4).join(' ')));
        commands.forEach((argv, i) => {
          const words = ran[i] ?? [];
          expect(words.length, `${id} command ${i}`).toBe(argv.length);
          for (const [j, word] of argv.entries()) {
            expect(words[j], `${id} command ${i} word ${j}`).toMatch(wordPattern(word, report));
          }
        });
      }
      // The secret is mounted in both, its file never shown; the parent is pinned by digest.
      const build = (printed.get('runtime:1.0') ?? []).find((argv) => argv.includes('build')) ?? [];
      expect(build).toEqual(expect.arrayContaining(['--secret', 'id=token,src=***']));
      expect(build.join(' ')).toContain(`BASE_IMAGE=${registry.host}/parity/os@<digest of os:13>`);
      expect(dry.stdout).not.toContain(env.E2E_TOKEN);
    });
  },
);
