import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from '../src/client.js';
import { type FaultProxy, startFaultProxy } from './fault-proxy.js';
import { type LocalRegistry, localRegistrySkipReason, startLocalRegistry } from './local-registry.js';
import { writeTestOciLayout } from './oci-fixture.js';

const skip = localRegistrySkipReason();

describe.skipIf(skip)(`a push through faults${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let proxy: FaultProxy | undefined;
  let work: string;
  beforeAll(async () => {
    registry = await startLocalRegistry();
    work = await mkdtemp(join(tmpdir(), 'catalog-faults-'));
  }, 60_000);
  afterAll(async () => {
    await proxy?.stop();
    await registry?.stop();
    if (work !== undefined) await rm(work, { recursive: true, force: true });
  });

  it('survives two 500s and honours Retry-After on a 429', async () => {
    const image = await writeTestOciLayout(join(work, 'image'));
    const manifestPut = (r: { method: string; path: string }) => r.method === 'PUT' && r.path.includes('/manifests/');
    proxy = await startFaultProxy(registry.url, [
      { match: manifestPut, times: 2, fault: { status: 500 } },
      { match: manifestPut, times: 1, fault: { status: 429, retryAfter: 3 } },
    ]);
    const waits: number[] = [];
    const client = new RegistryClient({
      env: {},
      retry: { attempts: 4, sleep: async (ms) => void waits.push(ms), random: () => 0 },
    });
    const pushed = await client.pushOciLayout(image.layoutDir, `${proxy.host}/acme/app`);
    expect(pushed.digest).toBe(image.manifestDigest);
    const puts = proxy.log.filter((line) => line.startsWith('PUT') && line.includes('/manifests/'));
    expect(puts.map((line) => line.split(' → ')[1])).toEqual(['500', '500', '429', '201']);
    expect(waits.at(-1)).toBe(3000);
    expect((await client.resolve(`${registry.host}/acme/app@${image.manifestDigest}`))?.digest).toBe(
      image.manifestDigest,
    );
  }, 60_000);
});
