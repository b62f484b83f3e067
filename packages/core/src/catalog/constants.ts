/**
 * The catalog format's names and patterns, apart from the schema (schema.ts), which is built only
 * when a catalog is validated: selection and tag rules need these, not the validator.
 */

export const IMAGE_KINDS = ['os', 'runtime', 'framework', 'app'] as const;
export const VERSIONING_SCHEMES = ['pep440', 'semver'] as const;

/** OCI repository path component: lowercase, separated by `.`, `_` or `-`. */
export const IMAGE_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** The OCI tag grammar; versions and variant names end up in tags. */
export const TAG_PATTERN = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
export const VARIABLE_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Keys with a meaning in version and variant entries; every other key there is a template variable. */
export const VERSION_KEYS = ['from', 'variants', 'platforms'] as const;
export const VARIANT_KEYS = ['from', 'default', 'aliases', 'description'] as const;

/**
 * What the format leaves to its caller: the builder engines `builder.name` may name. They are
 * plug-ins of @catalog/builders, whose registry (BUILDER_NAMES) the CLI, the Nx plugin and the
 * schema generator pass here; core cannot depend on that package.
 */
export interface CatalogFormat {
  /**
   * The engine names, in the order detection tries them. Absent: `builder.name` is any non-empty
   * string here, and choosing the builder (@catalog/builders' detectBuilder) rejects an unknown one.
   */
  readonly builderNames?: readonly string[];
}

/** `rebuildAfter`: hours, days or weeks. */
export const DURATION_SCHEMA_PATTERN = /^[1-9][0-9]{0,5}[hdw]$/;
