import { spawnSync } from 'node:child_process';

/**
 * buildah calls for the init-app end-to-end steps: build a scaffolded app folder FROM an image in a
 * registry on loopback (plain http), run a command in the result, remove it. Same storage settings
 * as the catalogs of the suites (vfs, chroot).
 */
export interface Result {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const STORAGE = ['--storage-driver', 'vfs'];

export function buildah(args: readonly string[]): Result {
  const result = spawnSync('buildah', [...STORAGE, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * `buildah build` of `dir` (its Dockerfile), always pulling the base from the registry; `extra`
 * flags go before the tag (e.g. `--format docker`, as init-app says for an app with a HEALTHCHECK).
 */
export function buildAppImage(dir: string, tag: string, extra: readonly string[] = []): Result {
  return buildah(['build', '--isolation', 'chroot', '--pull=always', '--tls-verify=false', ...extra, '-t', tag, dir]);
}

/**
 * Runs `argv` in a working container of `image` (as the image's USER and WORKDIR, unless `runFlags`
 * say otherwise, e.g. `--user 12345:0`), then removes it.
 */
export function runInImage(image: string, argv: readonly string[], runFlags: readonly string[] = []): Result {
  const from = buildah(['from', '--pull=never', '--quiet', image]);
  if (from.code !== 0) return from;
  const container = from.stdout.trim();
  try {
    return buildah(['run', '--isolation', 'chroot', ...runFlags, container, '--', ...argv]);
  } finally {
    buildah(['rm', container]);
  }
}

export function removeImage(image: string): void {
  buildah(['rmi', '--force', image]);
}
