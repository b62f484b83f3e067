import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalog } from '@catalog/core';
import { RegistryClient, staticCredentials } from '@catalog/registry';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { writeTestOciLayout } from '@catalog/registry/test/oci-fixture';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../tools/vitest/temp-dir.js';
import type { NodeResult } from '../src/build/node-pipeline.js';
import type { RegistryPort } from '../src/build/ports.js';
import { publishTags } from '../src/build/publish.js';
import type { TagRecord } from '../src/build/run-store.js';
import type { BuildRunSettings } from '../src/build/settings.js';

const skip = localRegistrySkipReason();
const ROUNDS = 10;

/** A client whose tag PUT is slow, so two runs overlap between choosing N and writing it. */
function slowClient(): RegistryPort {
  const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
  const tag = client.tag.bind(client);
  return Object.assign(Object.create(client) as RegistryClient, {
    tag: async (repository: string, digest: string, name: string) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      await tag(repository, digest, name);
    },
  });
}

describe.skipIf(skip)(`two publishes of one repository at once${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let work: string;
  const digests: string[] = [];

  beforeAll(async () => {
    registry = await startLocalRegistry();
    work = tempDir('catalog-publish-race-');
    const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    for (const clone of ['a', 'b']) {
      const image = await writeTestOciLayout(join(work, clone), {
        labels: { 'org.opencontainers.image.version': '1.0.0', 'io.catalog.clone': clone },
      });
      digests.push((await client.pushOciLayout(image.layoutDir, `${registry.host}/acme/base`)).digest);
    }
  }, 60_000);

  afterAll(async () => {
    await registry?.stop();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it(`never both write the same -rN (${ROUNDS} rounds), and the ledgers agree with the registry`, async () => {
    const loaded = loadCatalog(
      `registry: ${registry.host}/acme\nimages:\n  base: { kind: os, versions: { "1.0.0": {} } }\n`,
      'catalog.yaml',
    );
    const publishLocks = join(work, 'locks');
    const ledgers: TagRecord[][] = [[], []];
    const publish = (clone: number) => {
      const digest = digests[clone] as string;
      const settings = { registry: `${registry.host}/acme`, allowDowngrade: false, publishLocks, onEvent: () => {} };
      return publishTags({
        ...loaded,
        nodes: loaded.graph.order,
        results: new Map<string, NodeResult>([['base:1.0.0', { id: 'base:1.0.0', status: 'built', digest }]]),
        registry: slowClient(),
        settings: settings as unknown as BuildRunSettings,
        command: `clone ${clone}`,
        onTagged: async (record) => void ledgers[clone]?.push(record),
      });
    };
    for (let round = 0; round < ROUNDS; round++) {
      const outcomes = await Promise.all([publish(0), publish(1)]);
      expect(outcomes.map((o) => o.failure)).toEqual([undefined, undefined]);
    }
    const immutable = ledgers.flat().filter((r) => /-r\d+$/.test(r.tag));
    expect(immutable).toHaveLength(2 * ROUNDS);
    expect(new Set(immutable.map((r) => r.tag)).size).toBe(2 * ROUNDS);
    const client = new RegistryClient({ env: {}, credentials: staticCredentials({}) });
    for (const record of immutable) {
      expect((await client.resolve(`${record.repository}:${record.tag}`))?.digest).toBe(record.digest);
    }
    ledgers.forEach((ledger, clone) => {
      expect(ledger.every((r) => r.digest === digests[clone])).toBe(true);
    });
  }, 120_000);
});
