import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The real cosign (Debian's) as the supply-chain end-to-end tests use it: a key pair, and `cosign
 * verify` against the loopback registry, independent of the code under test.
 */
export const COSIGN = '/usr/bin/cosign';

/** Why cosign cannot be used here, or undefined (CATALOG_REQUIRE_E2E=1: run and fail instead of skipping). */
export function cosignSkipReason(): string | undefined {
  return existsSync(COSIGN) || process.env.CATALOG_REQUIRE_E2E
    ? undefined
    : `${COSIGN} is missing: apt-get install cosign (set CATALOG_REQUIRE_E2E=1 to fail instead of skipping)`;
}

/** A key-signed image on the plain-HTTP loopback registry: no transparency log, HTTP allowed. */
export const COSIGN_LOOPBACK_FLAGS = [
  '--insecure-ignore-tlog=true',
  '--allow-http-registry',
  '--allow-insecure-registry',
] as const;

/** A fresh cosign key pair (no password) in `dir`. */
export function keyPair(dir: string): { key: string; pub: string } {
  execFileSync(COSIGN, ['generate-key-pair', '--output-key-prefix', join(dir, 'cosign')], {
    env: { ...process.env, COSIGN_PASSWORD: '' },
    stdio: 'ignore',
  });
  return { key: join(dir, 'cosign.key'), pub: join(dir, 'cosign.pub') };
}

/** `cosign verify --key PUB` of a reference on the loopback registry: its exit code and output. */
export function cosignVerify(publicKey: string, reference: string): { code: number | null; output: string } {
  const result = spawnSync(COSIGN, ['verify', '--key', publicKey, ...COSIGN_LOOPBACK_FLAGS, reference], {
    encoding: 'utf8',
  });
  return { code: result.status, output: `${result.stdout}\n${result.stderr}` };
}
