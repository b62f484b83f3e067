import { LOCAL_SETTINGS_FILE } from '../catalog/local-settings.js';
import { mirrorBuildArg, mirrorEnvironmentVariable } from '../catalog/model.js';

/** Log lines of a download that failed: curl, pip, pyenv's python-build, name resolution. */
const DOWNLOAD_FAILURES: readonly RegExp[] = [
  /Could not resolve host/i,
  /Failed to connect to/i,
  /Temporary failure in name resolution/i,
  /Failed to establish a new connection/i,
  /No matching distribution found/i,
  /Could not find a version that satisfies the requirement/i,
  /error: failed to download/i,
  /curl: \(\d+\)/,
];

/** The mirrors a Dockerfile uses: those whose build arg it reads as `$MIRROR_X` or `${MIRROR_X}`. */
export function mirrorsUsedBy(dockerfile: string, mirrors: Iterable<string>): string[] {
  return [...mirrors].filter((name) => new RegExp(`\\$\\{?${mirrorBuildArg(name)}\\b`).test(dockerfile));
}

/**
 * When a failed build's log tail shows a download failure, the fix: which mirror settings to change
 * (`CATALOG_MIRROR_<NAME>`, in the environment or the local settings file), for the mirrors the
 * node uses; undefined when the tail shows none or the node uses no mirror.
 */
export function downloadFailureHint(tail: readonly string[], mirrors: readonly string[]): string | undefined {
  if (mirrors.length === 0) return undefined;
  const failure = tail.find((line) => DOWNLOAD_FAILURES.some((pattern) => pattern.test(line)));
  if (failure === undefined) return undefined;
  const settings = mirrors.map((name) => `${mirrorEnvironmentVariable(name)} (mirrors.${name})`).join(' or ');
  return (
    `a download failed (${failure.trim()}): point ${settings} at a reachable mirror, in the environment ` +
    `or in ${LOCAL_SETTINGS_FILE} next to the catalog (\`catalog sources\` shows the mirrors in use)`
  );
}
