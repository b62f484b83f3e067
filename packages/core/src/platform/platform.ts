/**
 * The one home of platforms (`os/arch[/variant]`, as OCI image indexes name them): which exist, their
 * aliases, the architecture names other tools use for them (Debian's, the kernel's, qemu's, Node's),
 * and the host's. Everything else asks this module; nothing else spells an architecture.
 */

/** What each platform is called elsewhere. */
export interface PlatformInfo {
  /** The canonical OCI name, e.g. `linux/arm64`, `linux/arm/v7`. */
  readonly name: string;
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
  /** Debian's architecture (`dpkg --print-architecture`, `debootstrap --arch`). */
  readonly debian: string;
  /** The kernel's machine name (`uname -m` in a container of the platform). */
  readonly machine: string;
  /** The qemu user-mode emulator's suffix (`qemu-<qemu>-static`, `/proc/sys/fs/binfmt_misc/qemu-<qemu>`). */
  readonly qemu: string;
  /** Node's `process.arch` on this platform. */
  readonly node: string;
}

const linux = (
  architecture: string,
  variant: string | undefined,
  names: Pick<PlatformInfo, 'debian' | 'machine' | 'qemu' | 'node'>,
): PlatformInfo => ({
  name: `linux/${architecture}${variant ? `/${variant}` : ''}`,
  os: 'linux',
  architecture,
  ...(variant ? { variant } : {}),
  ...names,
});

/** The platforms a catalog may build: the architectures Debian releases for, with their names. */
export const PLATFORMS: readonly PlatformInfo[] = [
  linux('amd64', undefined, { debian: 'amd64', machine: 'x86_64', qemu: 'x86_64', node: 'x64' }),
  linux('arm64', undefined, { debian: 'arm64', machine: 'aarch64', qemu: 'aarch64', node: 'arm64' }),
  linux('arm', 'v7', { debian: 'armhf', machine: 'armv7l', qemu: 'arm', node: 'arm' }),
  linux('arm', 'v5', { debian: 'armel', machine: 'armv5tel', qemu: 'arm', node: 'arm' }),
  linux('386', undefined, { debian: 'i386', machine: 'i686', qemu: 'i386', node: 'ia32' }),
  linux('ppc64le', undefined, { debian: 'ppc64el', machine: 'ppc64le', qemu: 'ppc64le', node: 'ppc64' }),
  linux('s390x', undefined, { debian: 's390x', machine: 's390x', qemu: 's390x', node: 's390x' }),
  linux('riscv64', undefined, { debian: 'riscv64', machine: 'riscv64', qemu: 'riscv64', node: 'riscv64' }),
  linux('mips64le', undefined, { debian: 'mips64el', machine: 'mips64', qemu: 'mips64el', node: 'mips64el' }),
];

/** Other spellings of a platform, as docker, uname or Debian write them, and what they mean. */
export const PLATFORM_ALIASES: Readonly<Record<string, string>> = {
  'linux/arm64/v8': 'linux/arm64',
  'linux/aarch64': 'linux/arm64',
  'linux/x86_64': 'linux/amd64',
  'linux/x86-64': 'linux/amd64',
  'linux/amd64/v1': 'linux/amd64',
  'linux/armhf': 'linux/arm/v7',
  'linux/armel': 'linux/arm/v5',
  'linux/arm': 'linux/arm/v7',
  'linux/i386': 'linux/386',
  'linux/i686': 'linux/386',
  'linux/ppc64el': 'linux/ppc64le',
  'linux/mips64el': 'linux/mips64le',
};

const BY_NAME = new Map(PLATFORMS.map((p) => [p.name, p]));

/** The platform a catalog builds when it names none and the caller knows no host (tests, schema docs). */
export const DEFAULT_PLATFORM = 'linux/amd64';

/** The canonical names, for messages: `linux/amd64, linux/arm64, ...`. */
export function knownPlatformNames(): string {
  return PLATFORMS.map((p) => p.name).join(', ');
}

/** The canonical name of a platform string (aliases resolved, case ignored), or undefined when unknown. */
export function canonicalPlatform(text: string): string | undefined {
  const lower = text.trim().toLowerCase();
  if (BY_NAME.has(lower)) return lower;
  return PLATFORM_ALIASES[lower];
}

/** A platform's names; throws for a string canonicalPlatform does not know (a bug: callers validate first). */
export function platformInfo(platform: string): PlatformInfo {
  const name = canonicalPlatform(platform);
  const info = name === undefined ? undefined : BY_NAME.get(name);
  if (!info) throw new Error(`unknown platform "${platform}" (known: ${knownPlatformNames()})`);
  return info;
}

/** Debian's architecture of a platform (`linux/arm64` → arm64, `linux/arm/v7` → armhf). */
export function debianArchitectureOf(platform: string): string {
  return platformInfo(platform).debian;
}

/** The qemu user-mode emulator that runs a platform's programs elsewhere (`qemu-aarch64-static`). */
export function qemuBinary(platform: string): string {
  return `qemu-${platformInfo(platform).qemu}-static`;
}

/** The host's platform from Node's `process.arch` (the caller passes it: core reads no process state). */
export function hostPlatform(nodeArch: string): string | undefined {
  return PLATFORMS.find((p) => p.node === nodeArch)?.name;
}

/** Platforms sorted in the table's order (amd64 first), without duplicates. */
export function sortPlatforms(platforms: Iterable<string>): string[] {
  const order = (p: string) => {
    const index = PLATFORMS.findIndex((info) => info.name === p);
    return index === -1 ? PLATFORMS.length : index;
  };
  return [...new Set(platforms)].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
}

/** The problem with a platform string, for a diagnostic; undefined when it is known. */
export function platformProblem(text: string): { message: string; hint: string } | undefined {
  if (canonicalPlatform(text) !== undefined) return undefined;
  const shape = /^[a-z0-9]+\/[a-z0-9_-]+(\/[a-z0-9]+)?$/i.test(text.trim());
  return {
    message: shape ? `unknown platform "${text}"` : `"${text}" is not a platform (os/architecture[/variant])`,
    hint: `known platforms: ${knownPlatformNames()}`,
  };
}
