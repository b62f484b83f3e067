import type { InstalledPackage, SecurityFix } from './family.js';

/**
 * The installed packages an index has a newer version of, by name, compared the way their family
 * compares versions.
 */
export function packageFixes(
  installed: readonly InstalledPackage[],
  index: ReadonlyMap<string, string>,
  compareVersions: (a: string, b: string) => number,
): SecurityFix[] {
  const fixes: SecurityFix[] = [];
  for (const { name, version } of installed) {
    const fixed = index.get(name);
    if (fixed !== undefined && compareVersions(fixed, version) > 0) fixes.push({ name, installed: version, fixed });
  }
  return fixes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
