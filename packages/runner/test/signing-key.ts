import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../../../tools/vitest/temp-dir.js';

/** A throwaway OpenPGP key made with the real gpg, and the keyring file gpgv checks against. */
export interface SigningKey {
  /** The public keyring (binary, as gpg --export writes it), for CATALOG_KEYRING_<NAME>. */
  readonly keyring: string;
  /** The text clear-signed (an InRelease). */
  clearsign(text: string): string;
  /** A detached binary signature of the bytes (a Release.gpg). */
  detachSign(bytes: Uint8Array | string): Uint8Array;
  remove(): void;
}

/**
 * A key in a fresh GNUPGHOME (no passphrase, ed25519: instant), made on first use: a suite that is
 * skipped (no registry on the machine) never runs gpg.
 */
export function generateSigningKey(name = 'Catalog Test Archive'): SigningKey {
  let made: SigningKey | undefined;
  const key = (): SigningKey => {
    made ??= makeSigningKey(name);
    return made;
  };
  return {
    get keyring() {
      return key().keyring;
    },
    clearsign: (text) => key().clearsign(text),
    detachSign: (bytes) => key().detachSign(bytes),
    remove: () => made?.remove(),
  };
}

function makeSigningKey(name: string): SigningKey {
  const home = tempDir('catalog-gpg-');
  const env = { ...process.env, GNUPGHOME: home };
  const gpg = (args: string[], input?: string | Uint8Array) =>
    execFileSync('gpg', ['--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      env,
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  gpg(['--quick-gen-key', `${name} <archive@catalog.test>`, 'ed25519', 'sign', 'never']);
  const keyring = join(home, 'archive-keyring.gpg');
  writeFileSync(keyring, gpg(['--export']));
  return {
    keyring,
    clearsign: (text) => gpg(['--clearsign', '--output', '-'], text).toString('utf8'),
    detachSign: (bytes) => {
      const file = join(home, 'data');
      writeFileSync(file, bytes);
      gpg(['--detach-sign', '--yes', '--output', `${file}.sig`, file]);
      return new Uint8Array(readFileSync(`${file}.sig`));
    },
    remove: () => {
      // gpg started an agent for this home: stop it before the folder goes.
      try {
        execFileSync('gpgconf', ['--homedir', home, '--kill', 'all'], { stdio: 'ignore' });
      } catch {}
      rmSync(home, { recursive: true, force: true });
    },
  };
}
