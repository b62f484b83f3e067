import { readFile } from 'node:fs/promises';
import { DEFAULT_PLATFORM, hostPlatform, platformInfo, qemuBinary } from '@catalog/core';
import { NodeFailure } from './node-failure.js';

/** This machine's platform (core's name for Node's process.arch). */
export const HOST_PLATFORM: string = hostPlatform(process.arch) ?? DEFAULT_PLATFORM;

/** Platforms an x86-64 or arm64 kernel runs natively besides its own. */
const NATIVE: Readonly<Record<string, readonly string[]>> = {
  'linux/amd64': ['linux/386'],
  'linux/arm64': ['linux/arm/v7', 'linux/arm/v5'],
};

/**
 * Whether this machine can run programs of `platform` (smoke tests, RUN steps): natively, or
 * through a qemu emulator registered with binfmt_misc. Never skips silently: a platform it cannot
 * run is a failure that says how to fix it.
 */
export async function assertCanRun(
  platform: string,
  host = HOST_PLATFORM,
  binfmt = '/proc/sys/fs/binfmt_misc',
): Promise<void> {
  if (platform === host || NATIVE[host]?.includes(platform)) return;
  const entry = `${binfmt}/qemu-${platformInfo(platform).qemu}`;
  const text = await readFile(entry, 'utf8').catch(() => '');
  if (/^enabled/m.test(text)) return;
  throw new NodeFailure(
    `cannot run ${platform} programs on this ${host} machine: no emulator is registered (${entry}); ` +
      `install one with "apt-get install qemu-user-static binfmt-support" (it registers ${qemuBinary(platform)})`,
  );
}
