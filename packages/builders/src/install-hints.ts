import { ENGINES } from './engines/index.js';

/**
 * The install hint for an executable, by its base name: an engine's name or executable
 * (`/usr/bin/buildah` → buildah's, `executor` → kaniko's); anything else gets a generic one.
 */
export function installHint(binary: string): string {
  const base = binary.split('/').pop() ?? binary;
  const engine = ENGINES.find((e) => e.name === base || e.executable.split('/').pop() === base);
  return engine?.installHint ?? `install ${base}, or check that it is on PATH`;
}
