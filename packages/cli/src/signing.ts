import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CosignSettings, cosignVerifyArgv, runCosignQuery } from '@catalog/builders';
import {
  CatalogToolError,
  catalogIdentity,
  isPlaceholder,
  LOCAL_BUILDER_ID,
  type LoadedCatalog,
  publicKeyFile,
  type ResolvedSigning,
  resolveSigning,
  SIGNING_ENV,
  type SigningKey,
} from '@catalog/core';
import { tlsVerifyFor } from '@catalog/registry';
import { defaultCacheDir, ensureGeneratedKey, type SupplySettings } from '@catalog/runner';
import type { CliIo } from './io.js';
import { VERSION } from './version.js';

/** A signing key that is configured but cannot be used. */
export class SigningSetupError extends CatalogToolError {
  readonly exitCode = 1;
}

/** How a `build --push` signs, and what it tells the user about it. */
export interface RunSigning {
  readonly supply: SupplySettings;
  /** cosign's settings (absent when the run does not sign); DOCKER_CONFIG is added by withRegistryAuth. */
  readonly cosign?: CosignSettings;
  /** Lines for stderr: which key signs, its public half when generated now, the verify commands. */
  readonly notice: readonly string[];
}

/** The generated key pair's folder: `signing/` under the tool's cache folder ($CATALOG_CACHE, else ~/.cache/catalog). */
export function generatedKeyDir(env: Readonly<Record<string, string | undefined>>): string {
  return join(defaultCacheDir(env), 'signing');
}

/**
 * The run's signing, from --no-sign, CATALOG_SIGNING, CATALOG_COSIGN_KEY/_PASSWORD and the
 * catalog's `signing:` (core's resolveSigning). With no key configured, the key pair under the
 * cache folder is generated on first use (not in a dry run, which only names it).
 */
export async function signingFor(
  loaded: LoadedCatalog & { root: string },
  options: { readonly sign?: boolean; readonly dryRun?: boolean },
  io: Pick<CliIo, 'env' | 'cwd'>,
  engine: string,
): Promise<RunSigning> {
  const signing = await cosignFor(loaded, options, io);
  const supply: SupplySettings = {
    catalogId: catalogIdentity(loaded.catalog),
    builderId: builderId(io.env),
    engine,
    toolVersion: VERSION,
    signing: signing.mode,
  };
  return { supply, ...(signing.cosign ? { cosign: signing.cosign } : {}), notice: signing.notice };
}

/** How a command signs: the mode, cosign's settings (absent when off) and what to tell the user. */
export interface CosignSigning {
  readonly mode: ResolvedSigning['mode'];
  readonly cosign?: CosignSettings;
  readonly notice: readonly string[];
  /**
   * With `deferKey` and no key configured: generates the key pair (once) and returns the lines to
   * print then. Absent: the key is ready (or none is needed).
   */
  readonly prepare?: () => Promise<readonly string[]>;
}

/**
 * The signing settings alone (`catalog publish` signs the indexes it pushes with them). With
 * `deferKey`, a key pair to generate is named but made by `prepare`, so a command that ends up
 * signing nothing generates none.
 */
export async function cosignFor(
  loaded: LoadedCatalog & { root: string },
  options: { readonly sign?: boolean; readonly dryRun?: boolean; readonly deferKey?: boolean },
  io: Pick<CliIo, 'env' | 'cwd'>,
): Promise<CosignSigning> {
  const resolved = resolveSigning(loaded.catalog.signing, io.env, options.sign === false ? { sign: false } : {});
  const registry = loaded.catalog.registry;
  const insecureRegistry = !tlsVerifyFor(registry, io.env);
  if (resolved.mode === 'off')
    return {
      mode: 'off',
      notice: [`publishing unsigned (${resolved.why}): consumers cannot verify these images`],
    };
  if (resolved.mode === 'keyless')
    return {
      mode: 'keyless',
      cosign: { keyless: true, insecureRegistry },
      notice: ['signing keyless with the OIDC identity of this CI job'],
    };
  const key = await keyFor(resolved, loaded.root, io, options);
  const env = {
    COSIGN_PASSWORD: key.generated ? '' : (io.env[SIGNING_ENV.password] ?? io.env.COSIGN_PASSWORD ?? ''),
    ...(key.variable ? { [key.variable]: io.env[key.variable] } : {}),
  };
  const cosign = { key: key.argument, insecureRegistry, env };
  if (key.prepare) {
    const prepare = key.prepare;
    return {
      mode: 'key',
      cosign,
      notice: [],
      prepare: async () => (await prepare()).notice(registry, insecureRegistry),
    };
  }
  return { mode: 'key', cosign, notice: key.notice(registry, insecureRegistry) };
}

interface UsableKey {
  /** cosign's --key: a file, or env://VAR. */
  readonly argument: string;
  readonly variable?: string;
  readonly generated: boolean;
  notice(registry: string, insecure: boolean): string[];
  /** A generated key left for later (deferKey): makes it; the notice is the returned key's. */
  readonly prepare?: () => Promise<UsableKey>;
}

async function keyFor(
  resolved: Extract<ResolvedSigning, { mode: 'key' }>,
  root: string,
  io: Pick<CliIo, 'env' | 'cwd'>,
  options: { readonly dryRun?: boolean; readonly deferKey?: boolean },
): Promise<UsableKey> {
  const key: SigningKey = resolved.key;
  if (key.kind === 'pem')
    return {
      argument: `env://${key.variable}`,
      variable: key.variable,
      generated: false,
      notice: () => [`signing with the key in ${key.variable}`],
    };
  if (key.kind === 'file') {
    const file = resolve(key.from === 'catalog' ? root : io.cwd, key.path);
    const where = key.from === 'catalog' ? 'signing.key in the catalog' : SIGNING_ENV.key;
    if (!existsSync(file))
      throw new SigningSetupError(
        `the signing key ${file} (${where}) does not exist`,
        `create one with "cosign generate-key-pair", fix ${where}, or publish unsigned with --no-sign`,
      );
    return {
      argument: file,
      generated: false,
      notice: (r, i) => verifyNotice(`signing with ${file}`, publicKeyFile(file), r, i),
    };
  }
  const dir = generatedKeyDir(io.env);
  if (options.dryRun || options.deferKey) {
    const file = join(dir, 'cosign.key');
    return {
      argument: file,
      generated: true,
      notice: (r, i) => verifyNotice(`would sign with ${file}`, publicKeyFile(file), r, i),
      ...(options.dryRun ? {} : { prepare: once(() => generatedKey(dir)) }),
    };
  }
  return generatedKey(dir);
}

/** A function that runs `make` once: every later call gets the first call's promise. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

/** The key pair under the cache folder, generated now when it is not there yet. */
async function generatedKey(dir: string): Promise<UsableKey> {
  const pair = await ensureGeneratedKey(dir, (argv, env) => runCosignQuery(argv, { env }));
  const first = pair.created
    ? [
        `no signing key configured: generated a key pair in ${dir}; its public half (${pair.publicKey}):`,
        ...pair.publicPem.trimEnd().split('\n'),
      ]
    : [`signing with the generated key ${pair.privateKey}`];
  return { argument: pair.privateKey, generated: true, notice: (r, i) => verifyNotice(first, pair.publicKey, r, i) };
}

/** The lines saying how consumers verify: `catalog verify` and the `cosign verify` command with the public key. */
function verifyNotice(
  first: string | readonly string[],
  publicKey: string,
  registry: string,
  insecure: boolean,
): string[] {
  const example = `${registry}/<image>:<tag>`;
  const cosign = cosignVerifyArgv({ insecureRegistry: insecure }, { key: publicKey }, example).join(' ');
  return [
    ...(typeof first === 'string' ? [first] : first),
    `verify with: catalog verify ${example} --key ${publicKey}`,
    `         or: ${cosign}`,
  ];
}

/** The provenance's builder: the GitHub Actions workflow that runs the build, else a local machine. */
function builderId(env: Readonly<Record<string, string | undefined>>): string {
  if (env.GITHUB_ACTIONS === 'true' && env.GITHUB_WORKFLOW_REF)
    return `${env.GITHUB_SERVER_URL || 'https://github.com'}/${env.GITHUB_WORKFLOW_REF}`;
  return LOCAL_BUILDER_ID;
}

/** cosign reads registry credentials from DOCKER_CONFIG: the builder's auth folder of this run, when there is one. */
export function withRegistryAuth(
  cosign: CosignSettings | undefined,
  authFile: string | undefined,
): CosignSettings | undefined {
  if (!cosign || authFile === undefined || isPlaceholder(authFile)) return cosign;
  return { ...cosign, env: { ...cosign.env, DOCKER_CONFIG: dirname(authFile) } };
}
