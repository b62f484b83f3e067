/**
 * The OCI platform (`linux/amd64`) of a machine, from Node's names for its OS and CPU
 * (`process.platform`, `process.arch`, which the caller passes: core reads no process state).
 * Build reports carry it per node, so `catalog publish` can assemble an image index from the
 * reports of machines of several architectures.
 */
export function ociPlatform(os: string, arch: string): string {
  const architecture = OCI_ARCHITECTURES[arch] ?? arch;
  return `${os === 'win32' ? 'windows' : os}/${architecture}`;
}

const OCI_ARCHITECTURES: Readonly<Record<string, string>> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm/v7',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/** `{os, architecture, variant}` of `linux/arm/v7`; undefined when the text is no platform. */
export function parsePlatform(
  platform: string,
): { readonly os: string; readonly architecture: string; readonly variant?: string } | undefined {
  const [os, architecture, variant, ...rest] = platform.split('/');
  if (!os || !architecture || rest.length > 0) return undefined;
  return { os, architecture, ...(variant ? { variant } : {}) };
}
