import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { type CosignVerifier, runCosignQuery } from '@catalog/builders';
import {
  catalogIdentity,
  type LoadedCatalog,
  publicKeyFile,
  ReportedFailure,
  repositoryOfReference,
  resolveSigning,
  UsageError,
  type VerifyCheck,
} from '@catalog/core';
import { parseReference, tlsVerifyFor } from '@catalog/registry';
import { verifyImage } from '@catalog/runner';
import type { Command } from 'commander';
import { builderAuth } from '../builder-auth.js';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { catalogLocation, loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { generatedKeyDir } from '../signing.js';
import type { VerifyOptions } from './verify-options.js';

export async function verifyAction(
  reference: string,
  options: VerifyOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  try {
    parseReference(reference);
  } catch (error) {
    throw new UsageError(
      `"${reference}" is not an image reference: ${(error as Error).message}`,
      'write host/repository:tag',
    );
  }
  // A consumer may verify without the catalog: then the provenance's catalog is not compared.
  const loaded = existsSync(catalogLocation(globals, io).file) ? await loadCatalogFile(globals, io) : undefined;
  const verifier = verifierFor(options, loaded, io);
  const host = parseReference(reference).host;
  // cosign reads registry credentials from DOCKER_CONFIG: the ones catalog has for this host.
  const auth = await builderAuth(repositoryOfReference(reference) ?? reference, [], io);
  const env = { ...io.env, ...(auth.authFile ? { DOCKER_CONFIG: dirname(auth.authFile) } : {}) };
  const result = await withCommandSignal((signal) =>
    verifyImage({
      reference,
      verifier,
      registry: registryClient(io, signal),
      query: (argv) => runCosignQuery(argv, { env, signal }),
      insecureRegistry: !tlsVerifyFor(host, io.env),
      expectedCatalog: loaded ? catalogIdentity(loaded.catalog) : undefined,
    }),
  ).finally(() => auth.remove());
  if (globals.json) writeJson(io.stdout, result);
  else {
    writeLine(io.stdout, `${reference}${result.digest ? ` (${result.digest})` : ''}`);
    for (const check of result.checks)
      writeLine(io.stdout, `  ${check.ok ? 'ok  ' : 'FAIL'}  ${check.check.padEnd(10)}  ${check.detail}`);
    writeLine(io.stdout, result.ok ? 'verified' : `not verified: ${firstFailure(result.checks)}`);
  }
  if (!result.ok) throw new ReportedFailure(`not verified: ${firstFailure(result.checks)}`, 1);
}

function firstFailure(checks: readonly VerifyCheck[]): string {
  const failed = checks.find((c) => !c.ok);
  return failed ? `${failed.check}: ${failed.detail}` : '';
}

/**
 * Who must have signed: --key, else --identity (keyless), else the public half of the key this
 * catalog signs with (its signing.key or CATALOG_COSIGN_KEY file, else the generated pair).
 */
function verifierFor(
  options: VerifyOptions,
  loaded: (LoadedCatalog & { root: string }) | undefined,
  io: CliIo,
): CosignVerifier {
  if (options.key && options.identity) throw new UsageError('give --key or --identity, not both');
  if (options.key) {
    const key = resolve(io.cwd, options.key);
    if (!existsSync(key))
      throw new UsageError(
        `the public key ${key} (--key) does not exist`,
        'give the path of a cosign public key (.pub)',
      );
    return { key };
  }
  if (options.identity) return { identity: options.identity, issuer: options.issuer };
  const signing = loaded ? resolveSigning(loaded.catalog.signing, io.env) : undefined;
  const candidate =
    signing?.mode === 'key' && signing.key.kind === 'file'
      ? publicKeyFile(resolve(signing.key.from === 'catalog' ? (loaded?.root ?? io.cwd) : io.cwd, signing.key.path))
      : join(generatedKeyDir(io.env), 'cosign.pub');
  if (existsSync(candidate)) return { key: candidate };
  throw new UsageError(
    `no public key to verify with (looked for ${candidate})`,
    'pass --key FILE (the cosign public key of whoever published the image) or --identity for keyless signatures',
  );
}
