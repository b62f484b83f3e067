import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { run, workspace } from '../../test/test-io.js';

const CATALOG = 'registry: 127.0.0.1:9/acme\nimages:\n  os:\n    kind: os\n    versions: { "13": {} }\n';

describe('catalog verify: bad input', () => {
  const dir = workspace({ 'catalog.yaml': CATALOG, 'cosign.pub': 'not a key' });
  const env = { CATALOG_CACHE: tempDir('verify-cache-') };

  it('a reference that is not one is a usage error', async () => {
    const result = await run(['verify', 'Not A Ref!'], dir, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/"Not A Ref!" is not an image reference/);
  });

  it('a missing --key file, or --key with --identity, is a usage error naming the fix', async () => {
    const missing = await run(['verify', '127.0.0.1:9/acme/os:13', '--key', 'nope.pub'], dir, env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/the public key .*nope\.pub \(--key\) does not exist/);
    const both = await run(['verify', '127.0.0.1:9/acme/os:13', '--key', 'cosign.pub', '--identity', 'x'], dir, env);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give --key or --identity, not both');
  });

  it('without a key to use: a usage error saying where it looked', async () => {
    const result = await run(['verify', '127.0.0.1:9/acme/os:13'], dir, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      `no public key to verify with (looked for ${join(env.CATALOG_CACHE, 'signing', 'cosign.pub')})`,
    );
  });
});

describe('build --push: signing settings that cannot act stop the run before it starts', () => {
  const dir = workspace({ 'catalog.yaml': CATALOG });

  it('a configured key file that does not exist', async () => {
    const result = await run(['build', '--push', '--dry-run'], dir, { CATALOG_COSIGN_KEY: '/nonexistent/cosign.key' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the signing key \/nonexistent\/cosign\.key \(CATALOG_COSIGN_KEY\) does not exist/);
    expect(result.stderr).toContain('--no-sign');
  });

  it('an unknown CATALOG_SIGNING', async () => {
    const result = await run(['build', '--push', '--dry-run'], dir, { CATALOG_SIGNING: 'yes' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/CATALOG_SIGNING=yes is not a signing mode.*key, keyless, off/s);
  });
});
