import type { DeploySpec } from '../deploy/deploy-spec.js';
import type { KeyPath } from '../diagnostics.js';
import type { RuleSeverity } from '../lint/types.js';
import type { CatalogSigning } from '../supply/signing.js';
import type { IMAGE_KINDS, VERSIONING_SCHEMES } from './constants.js';

export type ImageKind = (typeof IMAGE_KINDS)[number];
export type VersioningScheme = (typeof VERSIONING_SCHEMES)[number];
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Variables = Readonly<Record<string, JsonValue>>;

export interface LabelSettings {
  readonly prefix: string;
  readonly vendor?: string;
  readonly licenses?: string;
  readonly authors?: string;
  readonly url?: string;
  readonly source?: string;
  readonly documentation?: string;
}

export interface VersionSpec {
  readonly version: string;
  readonly from?: string;
  /** Variants this version is built in; undefined means all of the image's variants. */
  readonly variants?: readonly string[];
  /** The platforms this version is built for (canonical names); undefined: the image's. */
  readonly platforms?: readonly string[];
  readonly vars: Variables;
  readonly path: KeyPath;
}

export interface VariantSpec {
  readonly name: string;
  readonly from?: string;
  readonly isDefault: boolean;
  readonly aliases: readonly string[];
  readonly description?: string;
  readonly vars: Variables;
  readonly path: KeyPath;
}

export interface TagPolicy {
  readonly major: boolean;
  readonly minor: boolean;
  /** false: no `latest`; true: the highest stable version; a string: that version line (`3.12`). */
  readonly latest: boolean | string;
}

/** A command that produces a file for the build context (its last output line is the file's path). */
export interface PrepareStep {
  readonly run: readonly string[];
  readonly file: string;
}

/** A build secret: the file named by an environment variable, mounted for RUN steps. */
export interface BuildSecretSpec {
  readonly id: string;
  readonly env: string;
  readonly required: boolean;
}

export interface SmokeTest {
  readonly name: string;
  readonly run: readonly string[];
  readonly user?: string;
  readonly expect?: string;
}

export interface BuilderSettings {
  /**
   * The builder engine. Its possible values are not core's to know: @catalog/builders' registry
   * lists them, and the caller passes them to loadCatalog (`CatalogFormat.builderNames`).
   */
  readonly name?: string;
  readonly storageDriver?: string;
  readonly isolation?: string;
  readonly extraArgs?: readonly string[];
}

/** Where `catalog upstream check` looks for security fixes of an image's OS packages. */
export interface SecurityUpdatesSpec {
  /** A template: `{{vars.suite}}-security`; undefined: the OS family's default (see OsFamily). */
  readonly suite?: string;
  /** Undefined: the OS family's default (`main` for Debian). */
  readonly components?: readonly string[];
  /** A name under `mirrors:` holding the security archive's URL. */
  readonly mirror?: string;
}

/** Where `catalog upstream versions` finds the image's new releases (see core/src/updates/). */
export interface UpdatesSpec {
  /** cpython: python.org's release index; pypi: a project's PEP 691 page; debian: a suite's index; oci: a repository's tags. */
  readonly source: 'cpython' | 'pypi' | 'debian' | 'oci';
  /** The PyPI project, the Debian package, or the OCI repository (`docker.io/library/python`). */
  readonly project?: string;
  /** The `mirrors:` entry whose URL serves the index (CATALOG_MIRROR_<NAME> overrides it). */
  readonly mirror?: string;
  /** Debian: the suite (`trixie`) and the index read (`sources`, the default, or `packages`). */
  readonly suite?: string;
  readonly index?: 'sources' | 'packages';
  /** `patch` (default): newer releases of each major.minor the catalog has; `minor`: of each major. */
  readonly policy: 'patch' | 'minor';
  readonly prereleases: boolean;
  /** true: a new release is added beside the version it supersedes; false (default): it replaces it. */
  readonly keep: boolean;
}

export interface ImageSpec {
  readonly name: string;
  readonly kind: ImageKind;
  readonly title: string;
  readonly description?: string;
  readonly from?: string;
  /**
   * The OS family declared here (`family:`). Nodes of images without one have their parent's, else
   * debian: see nodeFamily.
   */
  readonly family?: string;
  /** The platforms its versions are built for (canonical names); undefined: the catalog's. */
  readonly platforms?: readonly string[];
  readonly versioning: VersioningScheme;
  readonly template: string;
  readonly context: string;
  readonly vars: Variables;
  readonly versions: readonly VersionSpec[];
  readonly variants: readonly VariantSpec[];
  readonly tags: TagPolicy;
  readonly prepare?: PrepareStep;
  /** A stage compiled once per key and reused by rebuilds (see core/src/build/artifact.ts). */
  readonly artifact?: { readonly stage: string };
  readonly secrets: readonly BuildSecretSpec[];
  readonly tests: readonly SmokeTest[];
  readonly securityUpdates?: SecurityUpdatesSpec;
  /** Maximum age of the published image, e.g. `30d`. */
  readonly rebuildAfter?: string;
  readonly updates?: UpdatesSpec;
  /** How an HTTP app on this image runs on Kubernetes (probes, port, writable paths, resources). */
  readonly deploy?: DeploySpec;
  readonly path: KeyPath;
}

/** Where a node's parent comes from: another node of the catalog, or an image outside it. */
export type ParentRef =
  | { readonly type: 'node'; readonly id: string }
  | { readonly type: 'external'; readonly ref: string };

/** One buildable image: a version of an image, in one variant when the image has variants. */
export interface CatalogNode {
  /** `<image>:<version>` or `<image>:<version>-<variant>`. */
  readonly id: string;
  readonly image: string;
  readonly version: string;
  readonly variant: string | null;
  readonly kind: ImageKind;
  readonly parent: ParentRef | null;
  /** True for the image's default variant, and for every node of an image without variants. */
  readonly isDefaultVariant: boolean;
  readonly aliases: readonly string[];
  /** Merged template variables: catalog < image < variant < version. */
  readonly vars: Variables;
  /**
   * The platforms it is built for, canonical and in the platform table's order: the version's
   * `platforms:`, else the image's, else the catalog's, else the host's (see platform-inheritance.ts).
   */
  readonly platforms: readonly string[];
  /** Where the node's entry, its `from` and its `platforms` are written, for diagnostics. */
  readonly source: { readonly entry: KeyPath; readonly from?: KeyPath; readonly platforms?: KeyPath };
}

/** `lint:` of the catalog: each rule's severity where it differs from the default (ids checked). */
export interface LintSettings {
  readonly rules: Readonly<Record<string, RuleSeverity>>;
}

export interface Catalog {
  readonly file: string;
  readonly registry: string;
  readonly labels: LabelSettings;
  /** Mirror name → default URL; see `mirrorBuildArg`. */
  readonly mirrors: Readonly<Record<string, string>>;
  readonly builder: BuilderSettings;
  readonly lint: LintSettings;
  /** `signing:`: how `build --push` signs (see supply/signing.ts). */
  readonly signing: CatalogSigning;
  readonly vars: Variables;
  /** Every platform some node is built for, in the platform table's order (see CatalogNode.platforms). */
  readonly platforms: readonly string[];
  /** In the order they are declared. */
  readonly images: readonly ImageSpec[];
  /** Every node, images in declaration order, then versions, then variants. */
  readonly nodes: readonly CatalogNode[];
}

export function nodeId(image: string, version: string, variant: string | null): string {
  return variant === null ? `${image}:${version}` : `${image}:${version}-${variant}`;
}

/** The build arg a mirror is passed as: `pythonBuild` → `MIRROR_PYTHON_BUILD`. */
export function mirrorBuildArg(name: string): string {
  return `MIRROR_${name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** The environment variable that overrides a mirror: `pythonBuild` → `CATALOG_MIRROR_PYTHON_BUILD`. */
export function mirrorEnvironmentVariable(name: string): string {
  return `CATALOG_${mirrorBuildArg(name)}`;
}

/**
 * The environment variable naming the OpenPGP keyring that signs a mirror's archive indexes:
 * `debianSecurity` → `CATALOG_KEYRING_DEBIAN_SECURITY`.
 */
export function mirrorKeyringVariable(name: string): string {
  return `CATALOG_KEYRING_${mirrorBuildArg(name).slice('MIRROR_'.length)}`;
}

/** The image a node (or a name) belongs to. The catalog's validation guarantees it exists. */
export function imageSpec(catalog: Pick<Catalog, 'images'>, name: string): ImageSpec {
  const image = catalog.images.find((i) => i.name === name);
  if (!image) throw new Error(`no image "${name}" in the catalog`);
  return image;
}
