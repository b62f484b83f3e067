import { debianFamily } from './debian/family.js';
import type { OsFamily } from './family.js';

/** OS families by name. */
export type OsFamilies = ReadonlyMap<string, OsFamily>;

/** The family of images that declare none and inherit none: what the catalog always assumed. */
export const DEFAULT_OS_FAMILY = 'debian';

/** A registry of families; a later family replaces an earlier one of the same name. */
export function familyRegistry(families: readonly OsFamily[]): OsFamilies {
  return new Map(families.map((family) => [family.name, family]));
}

/** The families this catalog knows. A new family is its folder beside debian/ and one entry here. */
export const OS_FAMILIES: OsFamilies = familyRegistry([debianFamily]);

/** The known families and others (for tests and embedders), which replace known ones of the same name. */
export function withFamilies(...extra: readonly OsFamily[]): OsFamilies {
  return familyRegistry([...OS_FAMILIES.values(), ...extra]);
}

/** The family of a name. Catalog validation rejects unknown names: an unknown one here is a bug. */
export function osFamily(name: string, families: OsFamilies = OS_FAMILIES): OsFamily {
  const family = families.get(name);
  if (!family) throw new RangeError(`no OS family "${name}" (known: ${[...families.keys()].join(', ')})`);
  return family;
}
