import { readFileSync } from 'node:fs';
import { RegistryError } from '@catalog/registry';
import { type FaultProxy, startFaultProxy } from '@catalog/registry/test/fault-proxy';
import { type LocalRegistry, startLocalRegistry } from '@catalog/registry/test/local-registry';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { registryClient } from '../../src/registry-client.js';
import { run, workspace } from '../test-io.js';
import { e2eSkipReason } from './fixture.js';

/**
 * Every command's registry client has the command's signal and request timeout (one helper,
 * registryClient): a stalled answer (the fault proxy holds it for minutes) ends when the signal
 * aborts, with the interrupted error, and a command ends with exit 130. No timings are asserted:
 * the tests wait for the stalled request to reach the proxy, interrupt, and check how it ended.
 */
const skip = e2eSkipReason([]);
const example = readFileSync(new URL('../../../../catalog.yaml', import.meta.url), 'utf8');
const STALL_MS = 10 * 60_000;
const tagList = (r: { method: string; path: string }) => r.path.includes('/tags/list');

describe.skipIf(skip)(`registry requests stop with the command ${skip ? `(skipped: ${skip})` : ''}`, () => {
  let registry: LocalRegistry;
  let proxy: FaultProxy | undefined;
  beforeAll(async () => {
    registry = await startLocalRegistry();
  }, 60_000);
  afterEach(async () => {
    await proxy?.stop();
    proxy = undefined;
  });
  afterAll(async () => {
    await registry?.stop();
  });

  /** Resolves once the proxy holds a request (the stall has begun). */
  async function stalled(faults: FaultProxy): Promise<void> {
    while (!faults.log.some((line) => line.includes('delayed'))) await new Promise((r) => setTimeout(r, 20));
  }

  it('a client from registryClient ends a stalled request with the interrupted error when its signal aborts', async () => {
    proxy = await startFaultProxy(registry.url, [{ match: tagList, fault: { delayMs: STALL_MS } }]);
    const controller = new AbortController();
    const listing = registryClient({ env: {} }, controller.signal).listTags(`${proxy.host}/acme/app`);
    const outcome = listing.then(
      () => 'answered',
      (error: unknown) => error,
    );
    await stalled(proxy);
    controller.abort();
    const error = await outcome;
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ reason: 'interrupted', retryable: false });
  });

  it('catalog tags: Ctrl-C during a stalled request exits 130, saying it was interrupted', async () => {
    proxy = await startFaultProxy(registry.url, [{ match: tagList, fault: { delayMs: STALL_MS } }]);
    const dir = workspace({ 'catalog.yaml': example });
    const command = run(['tags', '--registry', `${proxy.host}/acme`], dir);
    await stalled(proxy);
    process.emit('SIGINT');
    const result = await command;
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('catalog: interrupted');
    expect(result.stdout).toBe('');
    // The listener is gone with the command: a later SIGINT would not reach it.
    expect(process.listenerCount('SIGINT')).toBe(0);
  });

  it("catalog tags: CATALOG_REGISTRY_TIMEOUT from the command's environment ends a stalled request", async () => {
    proxy = await startFaultProxy(registry.url, [{ match: tagList, fault: { delayMs: STALL_MS } }]);
    const dir = workspace({ 'catalog.yaml': example });
    const result = await run(['tags', '--registry', `${proxy.host}/acme`], dir, { CATALOG_REGISTRY_TIMEOUT: '1' });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('made no progress for 1 s (timeout)');
  });
});
