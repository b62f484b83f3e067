// What the build benchmarks share: running a tool from the repository root, and an empty buildah
// storage of their own (no layer cache, as on a fresh machine).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const CATALOG = join(root, 'packages/cli/bin/catalog.js');

/** Runs `argv` (in the repository root unless `cwd`); its trimmed stdout; throws on a non-zero exit. */
export function sh(argv, { env = {}, cwd = root } = {}) {
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, CI: '1', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 256 << 20,
  });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} exited ${result.status}`);
  return result.stdout.trim();
}

/** A containers-storage configuration of its own in a new folder, which the caller removes. */
export function freshStorage(prefix = 'catalog-bench-storage-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'run'));
  const conf = join(dir, 'storage.conf');
  writeFileSync(conf, `[storage]\ndriver = "vfs"\ngraphroot = "${dir}/graph"\nrunroot = "${dir}/run"\n`);
  return { dir, env: { CONTAINERS_STORAGE_CONF: conf } };
}

/** The offline mirror served (tools/offline-mirror.sh), and the CATALOG_MIRROR_* variables that use it. */
export function offlineMirrorEnv() {
  const mirrors = sh(['tools/offline-mirror.sh', 'env']);
  sh(['tools/offline-mirror.sh', 'serve']);
  return Object.fromEntries(
    mirrors
      .split('\n')
      .map((line) => /^export ([A-Z_]+)=(.*)$/.exec(line))
      .filter(Boolean)
      .map((m) => [m[1], m[2].replace(/^'(.*)'$/, '$1')]),
  );
}
