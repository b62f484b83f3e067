import { existsSync } from 'node:fs';
import { afterEach, expect, it } from 'vitest';
import { localRegistrySkipReason, REGISTRY_BINARY, REQUIRE_E2E_ENV } from './local-registry.js';

const saved = process.env[REQUIRE_E2E_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[REQUIRE_E2E_ENV];
  else process.env[REQUIRE_E2E_ENV] = saved;
});

it('skips only when the registry binary is missing and end-to-end tests are not required', () => {
  process.env[REQUIRE_E2E_ENV] = '1';
  expect(localRegistrySkipReason()).toBeUndefined();
  delete process.env[REQUIRE_E2E_ENV];
  const reason = localRegistrySkipReason();
  if (existsSync(REGISTRY_BINARY)) expect(reason).toBeUndefined();
  else expect(reason).toContain('apt-get install docker-registry');
});
