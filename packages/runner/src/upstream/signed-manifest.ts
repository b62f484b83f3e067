import { access, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { runQuery } from '@catalog/builders';
import { type ManifestSignature, mirrorKeyringVariable } from '@catalog/core';
import { UpstreamError } from './errors.js';

/** The keyring that signs an archive, and what named it. */
export interface ArchiveKeyring {
  readonly path: string;
  /** The variable that names another one (for hints). */
  readonly variable: string;
  readonly from: 'environment' | 'default';
}

/**
 * The keyring of an archive read through the catalog mirror `mirror` (CATALOG_KEYRING_<NAME>), or
 * without one (the family's variable, CATALOG_DEBIAN_KEYRING); else the family's archive keyring.
 * A relative path is taken from `cwd`.
 */
export function archiveKeyring(
  signature: ManifestSignature,
  mirror: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string = process.cwd(),
): ArchiveKeyring {
  const variable = mirror ? mirrorKeyringVariable(mirror) : signature.keyringEnv;
  const named = env[variable];
  if (named) return { path: isAbsolute(named) ? named : resolve(cwd, named), variable, from: 'environment' };
  return { path: signature.defaultKeyring, variable, from: 'default' };
}

/** A manifest as served, with its detached signature when it has one. */
export interface ServedManifest {
  readonly name: string;
  readonly url: string;
  readonly bytes: Uint8Array;
  /** The detached signature (Release.gpg), for a manifest that is not clear-signed. */
  readonly signature?: { readonly url: string; readonly bytes: Uint8Array };
}

/**
 * Checks a manifest's OpenPGP signature with gpgv against the keyring and returns the text that
 * is signed (for a clear-signed file, what gpgv writes out: nothing outside the signature is
 * read). A bad, missing or unknown-key signature is an UpstreamError: nothing is selected.
 */
export async function verifyManifest(
  manifest: ServedManifest,
  signature: ManifestSignature,
  keyring: ArchiveKeyring,
): Promise<string> {
  await access(keyring.path).catch(() => {
    throw new UpstreamError(
      `the keyring ${keyring.path} that checks ${manifest.url} does not exist`,
      keyring.from === 'default'
        ? `install ${signature.keyringPackage} (apt-get install ${signature.keyringPackage}), or set ${keyring.variable}=<keyring file>`
        : `set ${keyring.variable} to an existing keyring file (gpg --export KEY > FILE)`,
    );
  });
  const clearsigned = signature.clearsigned.includes(manifest.name);
  if (!clearsigned && !manifest.signature) {
    const detached = signature.detached[manifest.name];
    throw new UpstreamError(
      `${manifest.url} is not signed${detached ? ` (no ${detached} beside it)` : ''}`,
      'the archive must publish a signed InRelease (or Release with Release.gpg); check the mirror URL',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'catalog-gpgv-'));
  try {
    const data = join(dir, 'manifest');
    await writeFile(data, manifest.bytes);
    let argv: string[];
    if (manifest.signature) {
      const sig = join(dir, 'manifest.sig');
      await writeFile(sig, manifest.signature.bytes);
      argv = ['gpgv', '--keyring', keyring.path, sig, data];
    } else {
      argv = ['gpgv', '--keyring', keyring.path, '--output', '-', data];
    }
    const result = await runGpgv(argv);
    if (result.exitCode !== 0) {
      const reason = gpgvReason(result.stderr);
      throw new UpstreamError(
        `the signature of ${manifest.url} does not verify against ${keyring.path}: ${reason}`,
        `the archive is not the one the keyring trusts, or was altered; check the mirror, or set ${keyring.variable} to the keyring that signs it`,
      );
    }
    return manifest.signature ? new TextDecoder().decode(manifest.bytes) : result.stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runGpgv(argv: string[]) {
  try {
    return await runQuery(argv, { timeoutMs: 60_000 });
  } catch (error) {
    throw new UpstreamError(
      `cannot run gpgv to check an archive's signature: ${(error as Error).message}`,
      'install gpgv (apt-get install gpgv)',
    );
  }
}

/** gpgv's reason in one line: its last lines that say what failed. */
function gpgvReason(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.replace(/^gpgv: /, '').trim())
    .filter((line) => line && !/^(Signature made|using \w+ key|\s*)$/.test(line) && !line.startsWith('Signature made'));
  return lines.slice(-2).join('; ') || 'gpgv refused it';
}
