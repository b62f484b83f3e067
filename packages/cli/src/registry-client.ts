import { runQuery } from '@catalog/builders';
import { RegistryClient, type RegistryClientOptions, type RunCredentialHelper } from '@catalog/registry';
import type { CliIo } from './io.js';

/** A credential helper that has not answered in this long is stopped (one waiting for a passphrase). */
const HELPER_TIMEOUT_MS = 60_000;

/**
 * Runs a credential helper (`docker-credential-<name> get`) for the registry client with the
 * command's environment (its PATH finds the helper) and signal: the builders package starts the process.
 */
export function credentialHelperRunner(io: Pick<CliIo, 'env'>, signal?: AbortSignal): RunCredentialHelper {
  const stop = signal === undefined ? {} : { signal };
  return (argv, input) => runQuery(argv, { input, env: io.env, timeoutMs: HELPER_TIMEOUT_MS, ...stop });
}

/**
 * The one way a command makes a registry client: the command's environment (credentials,
 * CATALOG_REGISTRY_TIMEOUT, insecure hosts), its credential helpers, and its abort signal, so
 * Ctrl-C stops a stalled request (see withCommandSignal).
 */
export function registryClient(
  io: Pick<CliIo, 'env'>,
  signal: AbortSignal,
  options: Omit<RegistryClientOptions, 'env' | 'signal' | 'runCredentialHelper'> = {},
): RegistryClient {
  return new RegistryClient({
    ...options,
    env: io.env,
    signal,
    runCredentialHelper: credentialHelperRunner(io, signal),
  });
}
