import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ImageFormat, LABEL_BUILD_ARGS } from '@catalog/core';
import { BUILD_FILE } from '../write-render.js';

/** Bump when the meaning of the hash changes, so old labels never match new hashes. */
const HASH_VERSION = 'catalog-input-v1';

/**
 * Build args that do not change what is built: when and from which commit (labels only), the
 * parent as the builder pulls it (its digest is hashed instead), and mirrors (same bytes,
 * checked by checksum, from another place).
 */
export function isHashedBuildArg(name: string): boolean {
  const volatile: readonly string[] = [
    LABEL_BUILD_ARGS.created,
    LABEL_BUILD_ARGS.revision,
    LABEL_BUILD_ARGS.baseDigest,
    'BASE_IMAGE',
  ];
  return !volatile.includes(name) && !name.startsWith('MIRROR_');
}

export interface InputHashRequest {
  /** The rendered build folder: Dockerfile plus the build context. */
  readonly dir: string;
  readonly buildArgs: Readonly<Record<string, string>>;
  /** The manifest digest of the parent built or published in this run, or resolved from the registry. */
  readonly parentDigest: string | null;
  /**
   * The image format (core's imageFormatOf). Only `docker-v2s2` is hashed: an image that an older
   * catalog built as OCI, losing its HEALTHCHECK, is rebuilt; every other hash stays.
   */
  readonly format?: ImageFormat;
  /**
   * The platform, for every platform but linux/amd64 (each platform's image has its own hash, the
   * same whether the node is built for that platform alone or with others). linux/amd64 is not
   * hashed: its images from before platforms existed stay up to date, and stay current when other
   * platforms are added to the node.
   */
  readonly platform?: string;
}

/**
 * The node's input hash: every file of the rendered build folder (path and content), the build
 * args that matter, and the parent's digest. Stored as a label, it tells a later run that the
 * image in the registry was built from exactly these inputs.
 */
export async function inputHash(request: InputHashRequest): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${HASH_VERSION}\n`);
  for (const file of await contextFileHashes(request.dir)) hash.update(`file ${file.path} ${file.sha256}\n`);
  for (const name of Object.keys(request.buildArgs).filter(isHashedBuildArg).sort()) {
    hash.update(`arg ${name}=${request.buildArgs[name]}\n`);
  }
  hash.update(`parent ${request.parentDigest ?? 'none'}\n`);
  if (request.format === 'docker-v2s2') hash.update(`format ${request.format}\n`);
  if (request.platform !== undefined) hash.update(`platform ${request.platform}\n`);
  return `sha256:${hash.digest('hex')}`;
}

/** Every file of a rendered build folder but its build.json: path (sorted) and sha256 of the content. */
export async function contextFileHashes(dir: string): Promise<{ path: string; sha256: string }[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .filter((path) => path !== BUILD_FILE)
    .sort();
  const hashes: { path: string; sha256: string }[] = [];
  for (const path of files) {
    const content = await readFile(join(dir, path));
    hashes.push({ path, sha256: createHash('sha256').update(content).digest('hex') });
  }
  return hashes;
}
