/** A Handlebars source: its path (for messages) and text. */
export interface TemplateSource {
  readonly file: string;
  readonly text: string;
}

/**
 * Partials: the shared ones in images/_partials/, and each OS family's in images/_partials/os/<name>/.
 * A node renders with the shared partials and its family's; on a name both have, the family's wins,
 * so `{{> non-root-user}}` is the Debian one on Debian and another family's on that family.
 */

/** Where the shared partials live, relative to the catalog. */
export const PARTIALS_DIR = 'images/_partials';

/** Where the OS families' partial folders live, relative to the catalog. */
export const FAMILY_PARTIALS_DIR = `${PARTIALS_DIR}/os`;

/** A family's partial folder: `images/_partials/os/debian`. */
export function familyPartialsDir(family: string): string {
  return `${FAMILY_PARTIALS_DIR}/${family}`;
}

/** `images/_partials/os/debian/install-packages.hbs` → `install-packages`. */
export function partialName(file: string): string {
  const base = file.split('/').pop() ?? file;
  return base.replace(/\.hbs$/, '');
}

/** The family whose folder holds a partial file; undefined for a shared partial. */
export function partialFamily(file: string): string | undefined {
  const prefix = `${FAMILY_PARTIALS_DIR}/`;
  if (!file.startsWith(prefix)) return undefined;
  const slash = file.indexOf('/', prefix.length);
  return slash > prefix.length ? file.slice(prefix.length, slash) : undefined;
}

/** The partials a node of `family` renders with, in registration order: shared first, then the family's. */
export function familyPartials(partials: readonly TemplateSource[], family: string): TemplateSource[] {
  return [
    ...partials.filter((partial) => partialFamily(partial.file) === undefined),
    ...partials.filter((partial) => partialFamily(partial.file) === family),
  ];
}

/**
 * Which file each partial name means for `family`, as rendering registers them, among the given
 * files (templates and partials, catalog-relative); a name no file has means the shared folder's.
 */
export function partialResolver(files: Iterable<string>, family: string): (name: string) => string {
  const byName = new Map<string, string>();
  const all = [...files];
  for (const file of all) {
    if (file.startsWith(`${PARTIALS_DIR}/`) && partialFamily(file) === undefined) byName.set(partialName(file), file);
  }
  for (const file of all) if (partialFamily(file) === family) byName.set(partialName(file), file);
  return (name) => byName.get(name) ?? `${PARTIALS_DIR}/${name}.hbs`;
}

/** The families that have a partial folder among the given files, in order of appearance. */
export function partialFamilies(files: Iterable<string>): string[] {
  const families = new Set<string>();
  for (const file of files) {
    const family = partialFamily(file);
    if (family !== undefined) families.add(family);
  }
  return [...families];
}
