import type { RunFn } from './builder.js';
import { BuilderError } from './errors.js';
import { redactArgv } from './redact.js';
import { type RunOptions, runProcess } from './run-process.js';
import { type QueryResult, runQuery } from './run-query.js';

/**
 * cosign, the signing tool: signs published images and attaches signed in-toto attestations (the
 * SBOM, the provenance) by digest, and verifies both. A tool port like the engines: its argv is
 * made here, and a dry run records the same argv through a recording RunFn.
 */
export interface CosignSettings {
  /** Default `cosign` on PATH. */
  readonly binary?: string;
  /** A private key file, or `env://<VAR>` (the PEM in that variable); absent in keyless mode. */
  readonly key?: string;
  /** Sign with CI's OIDC identity (Fulcio certificate, Rekor entry) instead of a key. */
  readonly keyless?: boolean;
  /** A plain-http or self-signed registry (loopback, CATALOG_INSECURE_REGISTRIES). */
  readonly insecureRegistry?: boolean;
  /** Added to cosign's environment: COSIGN_PASSWORD, DOCKER_CONFIG (the registry credentials), the key's variable. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The attestation types catalog attaches: the SBOM and the SLSA v1 provenance. */
export type AttestationType = 'cyclonedx' | 'slsaprovenance1';

/** Install hint: Debian packages cosign (`apt-get install cosign`). */
export const COSIGN_INSTALL_HINT = 'install cosign (Debian: apt-get install cosign; tools/install-deps.sh does)';

function registryFlags(settings: CosignSettings): string[] {
  return settings.insecureRegistry ? ['--allow-http-registry', '--allow-insecure-registry'] : [];
}

/** Key signing stays offline (no transparency-log upload); keyless records in Rekor as Fulcio requires. */
function signerFlags(settings: CosignSettings): string[] {
  if (settings.keyless) return ['--yes'];
  if (!settings.key) throw new BuilderError('cosign needs a key to sign with (or keyless mode)');
  return ['--yes', '--key', settings.key, '--tlog-upload=false'];
}

/** `cosign sign` of an image by digest (`repo@sha256:…`). */
export function cosignSignArgv(settings: CosignSettings, reference: string): string[] {
  return [settings.binary ?? 'cosign', 'sign', ...signerFlags(settings), ...registryFlags(settings), reference];
}

/** `cosign attest` of a predicate file to an image by digest. */
export function cosignAttestArgv(
  settings: CosignSettings,
  reference: string,
  predicateFile: string,
  type: AttestationType,
): string[] {
  const flags = [...signerFlags(settings), '--type', type, '--predicate', predicateFile];
  return [settings.binary ?? 'cosign', 'attest', ...flags, ...registryFlags(settings), reference];
}

/** Who must have signed: a public key file, or a keyless identity and its OIDC issuer. */
export type CosignVerifier = { readonly key: string } | { readonly identity: string; readonly issuer: string };

function verifierFlags(verifier: CosignVerifier): string[] {
  if ('key' in verifier) return ['--key', verifier.key, '--insecure-ignore-tlog=true'];
  return ['--certificate-identity', verifier.identity, '--certificate-oidc-issuer', verifier.issuer];
}

/** `cosign verify` (signatures) or `cosign verify-attestation --type T` (attestations; prints the envelopes). */
export function cosignVerifyArgv(
  settings: Pick<CosignSettings, 'binary' | 'insecureRegistry'>,
  verifier: CosignVerifier,
  reference: string,
  type?: AttestationType,
): string[] {
  const verb = type ? ['verify-attestation', '--type', type] : ['verify'];
  return [settings.binary ?? 'cosign', ...verb, ...verifierFlags(verifier), ...registryFlags(settings), reference];
}

/** `cosign generate-key-pair` writing `<prefix>.key` and `<prefix>.pub` (COSIGN_PASSWORD is the password). */
export function cosignGenerateKeyPairArgv(prefix: string, binary = 'cosign'): string[] {
  return [binary, 'generate-key-pair', '--output-key-prefix', prefix];
}

export interface Cosign {
  sign(reference: string, options: RunOptions): Promise<void>;
  attest(reference: string, predicateFile: string, type: AttestationType, options: RunOptions): Promise<void>;
}

/** Signs and attests through `run` (runProcess; a recording RunFn in a dry run). A failure throws with cosign's last lines. */
export function createCosign(settings: CosignSettings, run: RunFn = runProcess): Cosign {
  const exec = async (argv: string[], options: RunOptions, what: string) => {
    options.onCommand?.(redactArgv(argv));
    const result = await run(argv, {
      ...options,
      onCommand: undefined,
      env: { ...settings.env, ...options.env },
    }).catch((error: unknown) => {
      throw new BuilderError(`cannot run cosign to ${what}: ${(error as Error).message}`, COSIGN_INSTALL_HINT);
    });
    if (result.exitCode !== 0)
      throw new BuilderError(
        `cosign could not ${what} (exit ${result.exitCode}): ${result.tail.slice(-3).join(' | ')}`,
      );
  };
  return {
    sign: (reference, options) => exec(cosignSignArgv(settings, reference), options, `sign ${reference}`),
    attest: (reference, file, type, options) =>
      exec(
        cosignAttestArgv(settings, reference, file, type),
        options,
        `attach the ${type} attestation to ${reference}`,
      ),
  };
}

/** Runs a cosign query (verify, generate-key-pair) and returns its output; cosign missing is an error with the install hint. */
export async function runCosignQuery(
  argv: readonly string[],
  options: { readonly env?: Readonly<Record<string, string | undefined>>; readonly signal?: AbortSignal } = {},
): Promise<QueryResult> {
  return runQuery(argv, {
    env: { ...process.env, ...options.env },
    ...(options.signal ? { signal: options.signal } : {}),
  }).catch((error: unknown) => {
    throw new BuilderError(`cannot run ${argv[0]}: ${(error as Error).message}`, COSIGN_INSTALL_HINT);
  });
}

/** The tag under which cosign stores an image's signatures when the registry has no referrers API: `sha256-<hex>.sig`. */
export function cosignSignatureTag(digest: string): string {
  return `${digest.replace(':', '-')}.sig`;
}
