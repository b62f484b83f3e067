import type { BuilderName } from './types.js';

/** How to get each builder onto a Debian machine (or where it lives). */
export const INSTALL_HINTS: Record<BuilderName, string> = {
  buildah: 'install buildah (recommended): apt-get install buildah',
  podman: 'install podman: apt-get install podman',
  docker: 'install the Docker CLI with buildx and run a daemon: apt-get install docker.io docker-buildx',
  kaniko: 'run inside the kaniko executor image (gcr.io/kaniko-project/executor), which has /kaniko/executor',
};

/** The install hint for an executable, by its base name (`/usr/bin/buildah` → buildah's). */
export function installHint(binary: string): string {
  const base = binary.split('/').pop() ?? binary;
  const name = base === 'executor' ? 'kaniko' : base;
  return name in INSTALL_HINTS ? INSTALL_HINTS[name as BuilderName] : `install ${base}, or check that it is on PATH`;
}
