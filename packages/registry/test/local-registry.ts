/**
 * A real OCI registry (CNCF distribution, Debian package `docker-registry`) on 127.0.0.1 with a free
 * port and storage in a temporary folder, for tests. Reusable by other packages' end-to-end tests:
 *
 *   const skip = localRegistrySkipReason();
 *   describe.skipIf(skip)(`… ${skip ? `(skipped: ${skip})` : ''}`, () => {
 *     let registry: LocalRegistry;
 *     beforeAll(async () => { registry = await startLocalRegistry(); });
 *     afterAll(() => registry?.stop());
 *   });
 *
 * Tests are skipped only when the binary is absent and CATALOG_REQUIRE_E2E is not set; with
 * CATALOG_REQUIRE_E2E=1 they run, and startLocalRegistry fails with the reason.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { tempDir } from '../../../tools/vitest/temp-dir.js';

export const REGISTRY_BINARY = process.env.CATALOG_REGISTRY_BINARY ?? '/usr/bin/docker-registry';
export const HTPASSWD_BINARY = '/usr/bin/htpasswd';
export const REQUIRE_E2E_ENV = 'CATALOG_REQUIRE_E2E';

export interface LocalRegistryOptions {
  /** `htpasswd`: Basic auth with one user (default: no auth). */
  readonly auth?: 'htpasswd';
  /** The htpasswd user (default `catalog` / `catalog-test-password`). */
  readonly username?: string;
  readonly password?: string;
  /** How long to wait for `GET /v2/` to answer (default 20 s). */
  readonly startTimeoutMs?: number;
}

export interface LocalRegistry {
  /** `127.0.0.1:PORT`, the registry part of image references. */
  readonly host: string;
  /** `http://127.0.0.1:PORT`. */
  readonly url: string;
  /** The temporary folder with the config, the storage (`data/`) and the log (`registry.log`). */
  readonly rootDir: string;
  /** The user of an htpasswd registry. */
  readonly credentials?: { readonly username: string; readonly password: string };
  /** Stops the registry and deletes its folder. */
  stop(): Promise<void>;
}

/** Why the registry tests cannot run here, or undefined when they can (or must: CATALOG_REQUIRE_E2E). */
export function localRegistrySkipReason(options: Pick<LocalRegistryOptions, 'auth'> = {}): string | undefined {
  if (requireE2e()) return undefined;
  if (!existsSync(REGISTRY_BINARY)) {
    return `${REGISTRY_BINARY} is missing: apt-get install docker-registry (set ${REQUIRE_E2E_ENV}=1 to fail instead of skipping)`;
  }
  if (options.auth === 'htpasswd' && !existsSync(HTPASSWD_BINARY)) {
    return `${HTPASSWD_BINARY} is missing: apt-get install apache2-utils (set ${REQUIRE_E2E_ENV}=1 to fail instead of skipping)`;
  }
  return undefined;
}

/** Starts a registry on 127.0.0.1 with a free port; resolves once `GET /v2/` answers. */
export async function startLocalRegistry(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
  if (!existsSync(REGISTRY_BINARY)) {
    throw new Error(`cannot start a local registry: ${REGISTRY_BINARY} is missing (apt-get install docker-registry)`);
  }
  // tempDir: removed when the test file ends, even by a test that failed before stopping it.
  const rootDir = tempDir('catalog-registry-');
  const credentials = options.auth === 'htpasswd' ? await writeHtpasswd(rootDir, options) : undefined;
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      const child = await launch(rootDir, port, credentials !== undefined, options.startTimeoutMs ?? 20_000);
      const host = `127.0.0.1:${port}`;
      return {
        host,
        url: `http://${host}`,
        rootDir,
        ...(credentials ? { credentials } : {}),
        stop: () => stop(child, rootDir),
      };
    } catch (error) {
      lastError = error;
    }
  }
  await rm(rootDir, { recursive: true, force: true });
  throw lastError;
}

function requireE2e(): boolean {
  const value = process.env[REQUIRE_E2E_ENV];
  return value !== undefined && value !== '' && value !== '0' && value !== 'false';
}

/** Registries still running when the test process exits (a test that failed before stopping its own). */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

async function launch(rootDir: string, port: number, htpasswd: boolean, timeoutMs: number): Promise<ChildProcess> {
  const configFile = join(rootDir, `config-${port}.yml`);
  await writeFile(configFile, registryConfig(rootDir, port, htpasswd));
  const logFile = join(rootDir, 'registry.log');
  const log = openSync(logFile, 'a');
  const child = spawn(REGISTRY_BINARY, ['serve', configFile], { stdio: ['ignore', log, log] });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let exited: string | undefined;
  child.on('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.on('error', (error) => {
    exited = `failed to start: ${error.message}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (exited === undefined && Date.now() < deadline) {
    if (await answers(`http://127.0.0.1:${port}/v2/`)) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  const tail = (await readFile(logFile, 'utf8').catch(() => '')).split('\n').slice(-15).join('\n');
  throw new Error(
    `the local registry on 127.0.0.1:${port} ${exited ?? `did not answer within ${timeoutMs} ms`}; log:\n${tail}`,
  );
}

function registryConfig(rootDir: string, port: number, htpasswd: boolean): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: warn',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(rootDir, 'data')}`,
    '  delete:',
    '    enabled: true',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    '  secret: catalog-local-test-registry',
  ];
  if (htpasswd) {
    lines.push('auth:', '  htpasswd:', '    realm: catalog-test', `    path: ${join(rootDir, 'htpasswd')}`);
  }
  return `${lines.join('\n')}\n`;
}

async function writeHtpasswd(
  rootDir: string,
  options: LocalRegistryOptions,
): Promise<{ username: string; password: string }> {
  const username = options.username ?? 'catalog';
  const password = options.password ?? 'catalog-test-password';
  if (!existsSync(HTPASSWD_BINARY)) {
    throw new Error(
      `cannot make a bcrypt htpasswd file: ${HTPASSWD_BINARY} is missing (apt-get install apache2-utils)`,
    );
  }
  const result = spawnSync(HTPASSWD_BINARY, ['-Bbn', username, password], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`htpasswd failed: ${result.stderr || result.error?.message}`);
  await writeFile(join(rootDir, 'htpasswd'), result.stdout);
  return { username, password };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) });
    await response.body?.cancel();
    return response.status === 200 || response.status === 401;
  } catch {
    return false;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function stop(child: ChildProcess, rootDir: string): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await rm(rootDir, { recursive: true, force: true });
}
