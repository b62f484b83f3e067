import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../../../tools/vitest/temp-dir.js';
import { assertCanRun } from './emulation.js';

describe('assertCanRun', () => {
  const binfmt = tempDir('catalog-binfmt-');

  it("runs the host's platform, and what its kernel runs natively", async () => {
    await expect(assertCanRun('linux/amd64', 'linux/amd64', binfmt)).resolves.toBeUndefined();
    await expect(assertCanRun('linux/386', 'linux/amd64', binfmt)).resolves.toBeUndefined();
  });

  it('says how to install an emulator when none is registered, never skipping silently', async () => {
    await expect(assertCanRun('linux/arm64', 'linux/amd64', binfmt)).rejects.toThrow(
      `cannot run linux/arm64 programs on this linux/amd64 machine: no emulator is registered (${binfmt}/qemu-aarch64); install one with "apt-get install qemu-user-static binfmt-support" (it registers qemu-aarch64-static)`,
    );
    writeFileSync(join(binfmt, 'qemu-aarch64'), 'disabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n');
    await expect(assertCanRun('linux/arm64', 'linux/amd64', binfmt)).rejects.toThrow(/no emulator is registered/);
  });

  it('runs another platform through a registered emulator', async () => {
    writeFileSync(join(binfmt, 'qemu-aarch64'), 'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n');
    await expect(assertCanRun('linux/arm64', 'linux/amd64', binfmt)).resolves.toBeUndefined();
  });
});
