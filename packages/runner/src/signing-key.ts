import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { cosignGenerateKeyPairArgv, type QueryResult } from '@catalog/builders';
import { CatalogToolError } from '@catalog/core';

class SigningKeyError extends CatalogToolError {
  readonly exitCode = 1;
}

export interface GeneratedKey {
  readonly privateKey: string;
  readonly publicKey: string;
  /** The public key's PEM text. */
  readonly publicPem: string;
  /** True when this call made the pair (its first use). */
  readonly created: boolean;
}

/**
 * The cosign key pair of a machine that configured none: `<dir>/cosign.key` (no password, mode
 * 0600) and `<dir>/cosign.pub`, generated on first use with `cosign generate-key-pair` (through
 * `query`: the builders package starts processes). Made in a temporary folder beside them and
 * moved into place, the private key last, so a killed run leaves no half pair.
 */
export async function ensureGeneratedKey(
  dir: string,
  query: (argv: readonly string[], env: Readonly<Record<string, string>>) => Promise<QueryResult>,
): Promise<GeneratedKey> {
  const privateKey = join(dir, 'cosign.key');
  const publicKey = join(dir, 'cosign.pub');
  let created = false;
  if (!existsSync(privateKey) || !existsSync(publicKey)) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = await mkdtemp(join(dir, `.generate-${process.pid}-`));
    try {
      const result = await query(cosignGenerateKeyPairArgv(join(temporary, 'cosign')), { COSIGN_PASSWORD: '' });
      if (result.exitCode !== 0)
        throw new SigningKeyError(
          `cosign generate-key-pair failed (exit ${result.exitCode}): ${result.stderr.trim().split('\n').pop() ?? ''}`,
          'set CATALOG_COSIGN_KEY to a key file, or publish unsigned with --no-sign',
        );
      await chmod(join(temporary, 'cosign.key'), 0o600);
      await rename(join(temporary, 'cosign.pub'), publicKey);
      await rename(join(temporary, 'cosign.key'), privateKey);
      created = true;
    } finally {
      await rm(temporary, { recursive: true, force: true });
    }
  }
  return { privateKey, publicKey, publicPem: await readFile(publicKey, 'utf8'), created };
}
