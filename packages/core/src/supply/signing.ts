import { UsageError } from '../errors.js';

/** How `build --push` signs: with a key (a file, the environment, or one generated on first use), keyless (CI's OIDC identity), or not at all. */
export const SIGNING_MODES = ['key', 'keyless', 'off'] as const;
export type SigningMode = (typeof SIGNING_MODES)[number];

/** The catalog's `signing:` (`off`, `key`, `keyless`, or `{ mode, key }`), normalized. */
export interface CatalogSigning {
  readonly mode: SigningMode;
  /** A private key file, relative to the catalog's folder (or absolute). */
  readonly key?: string;
}

export const DEFAULT_SIGNING: CatalogSigning = { mode: 'key' };

/** The environment variables of signing (in `.catalog/local.env` too). */
export const SIGNING_ENV = {
  mode: 'CATALOG_SIGNING',
  key: 'CATALOG_COSIGN_KEY',
  password: 'CATALOG_COSIGN_PASSWORD',
} as const;

/** Where the private key comes from. */
export type SigningKey =
  /** A file (as written: relative to the catalog's folder unless absolute). */
  | { readonly kind: 'file'; readonly path: string; readonly from: 'catalog' | 'environment' }
  /** The PEM text itself, in CATALOG_COSIGN_KEY. */
  | { readonly kind: 'pem'; readonly variable: string }
  /** None configured: a key pair generated on first use under the tool's cache folder. */
  | { readonly kind: 'generated' };

export type ResolvedSigning =
  | { readonly mode: 'off'; readonly why: string }
  | { readonly mode: 'keyless' }
  | { readonly mode: 'key'; readonly key: SigningKey };

/**
 * How this run signs: `--no-sign` wins, then CATALOG_SIGNING, then the catalog's `signing:`; the
 * key is CATALOG_COSIGN_KEY (a file, or the PEM text), else the catalog's `signing.key`, else a
 * generated one. An unknown CATALOG_SIGNING is a usage error naming the choices.
 */
export function resolveSigning(
  catalog: CatalogSigning,
  env: Readonly<Record<string, string | undefined>>,
  options: { readonly sign?: boolean } = {},
): ResolvedSigning {
  if (options.sign === false) return { mode: 'off', why: '--no-sign' };
  const fromEnv = env[SIGNING_ENV.mode]?.trim();
  if (fromEnv && !(SIGNING_MODES as readonly string[]).includes(fromEnv))
    throw new UsageError(
      `${SIGNING_ENV.mode}=${fromEnv} is not a signing mode`,
      `set it to one of ${SIGNING_MODES.join(', ')}, or unset it to use the catalog's signing:`,
    );
  const mode = (fromEnv as SigningMode | undefined) || catalog.mode;
  if (mode === 'off') return { mode, why: fromEnv ? `${SIGNING_ENV.mode}=off` : 'signing: off in the catalog' };
  if (mode === 'keyless') return { mode };
  const key = env[SIGNING_ENV.key]?.trim();
  if (key) {
    if (key.startsWith('-----BEGIN')) return { mode, key: { kind: 'pem', variable: SIGNING_ENV.key } };
    return { mode, key: { kind: 'file', path: key, from: 'environment' } };
  }
  if (catalog.key) return { mode, key: { kind: 'file', path: catalog.key, from: 'catalog' } };
  return { mode, key: { kind: 'generated' } };
}

/** The public key file beside a cosign private key file (`cosign.key` → `cosign.pub`). */
export function publicKeyFile(privateKeyFile: string): string {
  return privateKeyFile.endsWith('.key') ? `${privateKeyFile.slice(0, -4)}.pub` : `${privateKeyFile}.pub`;
}
