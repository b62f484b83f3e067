import { CatalogToolError } from '@catalog/core';
import type { Credentials } from './credential-types.js';
import { canonicalHost, DOCKER_HUB } from './reference.js';

/** What a credential helper printed and how it exited. */
export interface HelperOutput {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a program with `input` on its stdin and returns its output. The registry package starts no
 * process: the CLI passes the builders' runQuery (the one module that starts processes).
 */
export type RunCredentialHelper = (argv: readonly string[], input: string) => Promise<HelperOutput>;

/** The username with which a helper says its secret is an identity (refresh) token, as docker does. */
export const IDENTITY_TOKEN_USERNAME = '<token>';

/** What docker-credential-helpers print (exit 1) when they hold nothing for the server. */
const NOT_FOUND = 'credentials not found in native keychain';

/** A credential helper is missing, failed or answered something unreadable. Never carries the secret. */
export class CredentialHelperError extends CatalogToolError {
  readonly exitCode = 1;

  constructor(
    /** The program, `docker-credential-<name>`. */
    readonly helper: string,
    /** The registry host the credentials were asked for. */
    readonly host: string,
    reason: string,
    hint: string,
  ) {
    super(`cannot get credentials for ${host} from the credential helper ${helper}: ${reason}`, hint);
  }
}

/** The server name a helper is asked for: Docker Hub's is `https://index.docker.io/v1/`, as docker asks. */
export function helperServer(host: string): string {
  return canonicalHost(host) === DOCKER_HUB ? 'https://index.docker.io/v1/' : host;
}

/**
 * The credentials `docker-credential-<name> get` gives for `host` (the server on stdin, JSON
 * `{"Username","Secret"}` on stdout); undefined when the helper holds none for it. A `<token>`
 * username makes the secret an identity token (see Credentials.identityToken), as in docker.
 */
export async function credentialsFromHelper(
  run: RunCredentialHelper | undefined,
  name: string,
  host: string,
  configuredIn: string,
): Promise<Credentials | undefined> {
  const helper = `docker-credential-${name}`;
  const fail = (reason: string, hint: string) => new CredentialHelperError(helper, host, reason, hint);
  const where = `configured in ${configuredIn}`;
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw fail(`"${name}" is not a helper name (${where})`, `fix ${configuredIn}`);
  if (!run) throw fail('this command cannot run credential helpers', `put the credentials in an auth file`);
  let output: HelperOutput;
  try {
    output = await run([helper, 'get'], helperServer(host));
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw fail(
      `it could not be started (${why}; ${where})`,
      `install ${helper} on PATH, or remove it from ${configuredIn}`,
    );
  }
  const said = firstLine(output.stdout) || firstLine(output.stderr);
  if (output.exitCode !== 0) {
    if (said === NOT_FOUND) return undefined;
    const reason = `it exited ${output.exitCode}${said ? ` (${said})` : ''}; ${where}`;
    throw fail(reason, `log in again (\`docker login ${host}\`), or check ${helper}`);
  }
  return parseHelperAnswer(output.stdout, fail, `${helper} (${where})`);
}

function parseHelperAnswer(
  stdout: string,
  fail: (reason: string, hint: string) => CredentialHelperError,
  source: string,
): Credentials {
  let answer: unknown;
  try {
    answer = JSON.parse(stdout);
  } catch {
    answer = undefined;
  }
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  const { Username: username, Secret: secret } = record;
  if (typeof username !== 'string' || typeof secret !== 'string' || secret === '') {
    // The answer may hold the secret: it is never quoted.
    throw fail('its answer is not JSON with a Username and a Secret', 'check the helper with `get` by hand');
  }
  if (username === IDENTITY_TOKEN_USERNAME) return { username, password: '', identityToken: secret, source };
  return { username, password: secret, source };
}

/** The first non-empty line, cut to 200 characters (a helper's error message). */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 200);
}
