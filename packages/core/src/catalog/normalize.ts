import { normalizeDeploy } from '../deploy/deploy-spec.js';
import type { Diagnostic, KeyPath } from '../diagnostics.js';
import { findLintRule, unknownLintRule } from '../lint/rule-ids.js';
import { type CatalogSigning, DEFAULT_SIGNING } from '../supply/signing.js';
import { closestMatch } from '../util/did-you-mean.js';
import { compareVersions, parseVersion, versionExample } from '../version/version.js';
import type {
  BuilderSettings,
  ImageSpec,
  JsonValue,
  LabelSettings,
  LintSettings,
  Variables,
  VariantSpec,
  VersionSpec,
} from './model.js';
import { type PathBase, pathDiagnosticText, relativePathProblem } from './paths.js';
import { normalizePlatformList } from './platform-inheritance.js';
import { salvageFields } from './salvage.js';
import {
  type CatalogFormat,
  type CatalogSchemas,
  catalogSchemas,
  type RawCatalogTop,
  type RawImage,
  type RawVariantEntry,
  type RawVersionEntry,
  VARIABLE_NAME_PATTERN,
  VARIANT_KEYS,
  VERSION_KEYS,
} from './schema.js';
import { issueToDiagnostics } from './schema-issues.js';
import type { SourceMap } from './source-map.js';

export const DEFAULT_LABEL_PREFIX = 'io.catalog';

export interface NormalizedCatalog {
  readonly registry: string;
  readonly labels: LabelSettings;
  readonly mirrors: Readonly<Record<string, string>>;
  readonly builder: BuilderSettings;
  readonly lint: LintSettings;
  readonly signing: CatalogSigning;
  readonly vars: Variables;
  /** The catalog-level `platforms:` (canonical), undefined when not written. */
  readonly platforms?: readonly string[];
  readonly images: readonly ImageSpec[];
  /** Images whose entries failed validation: references to them are not reported again. */
  readonly invalidImages: ReadonlySet<string>;
  /**
   * What could be read of the invalid images (their valid fields and entries): checked like the
   * others (versions, variants, parents, values), so a schema error hides no other problem, but
   * never turned into nodes.
   */
  readonly salvagedImages: readonly ImageSpec[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Checks the document's structure and turns it into image specs, collecting every problem. */
export function normalizeCatalog(data: unknown, map: SourceMap, format: CatalogFormat = {}): NormalizedCatalog {
  const diagnostics: Diagnostic[] = [];
  const error = (path: KeyPath, code: string, message: string, hint?: string, onKey = false): void => {
    const position = onKey ? map.keyAt(path) : map.valueAt(path);
    diagnostics.push({ code, severity: 'error', file: map.file, position, path, message, ...(hint ? { hint } : {}) });
  };
  if (data === null || data === undefined || typeof data !== 'object' || Array.isArray(data)) {
    const empty = data === null || data === undefined;
    error(
      [],
      'empty-catalog',
      empty ? 'the catalog is empty' : 'the catalog must be a map',
      'start with "registry:" and "images:"',
    );
    return {
      registry: '',
      labels: { prefix: DEFAULT_LABEL_PREFIX },
      mirrors: {},
      builder: {},
      lint: { rules: {} },
      signing: DEFAULT_SIGNING,
      vars: {},
      images: [],
      invalidImages: new Set(),
      salvagedImages: [],
      diagnostics,
    };
  }
  const { catalogTopLevelSchema, imageSchema } = catalogSchemas(format);
  const top = catalogTopLevelSchema.safeParse(data);
  if (!top.success) {
    for (const issue of top.error.issues) diagnostics.push(...issueToDiagnostics(issue, [], data, map));
  }
  const record = data as Record<string, unknown>;
  const rawImages = isMap(record.images) ? record.images : {};
  const images: ImageSpec[] = [];
  const invalidImages = new Set<string>();
  const salvagedImages: ImageSpec[] = [];
  for (const [name, raw] of Object.entries(rawImages)) {
    const parsed = imageSchema.safeParse(raw);
    if (!parsed.success) {
      invalidImages.add(name);
      for (const issue of parsed.error.issues)
        diagnostics.push(...issueToDiagnostics(issue, ['images', name], raw, map));
      const salvaged = salvageImage(imageSchema, raw);
      if (salvaged) salvagedImages.push(normalizeImage(name, salvaged.raw, error, salvaged.known).image);
      continue;
    }
    const { image, ok } = normalizeImage(name, parsed.data, error);
    if (ok) images.push(image);
    else {
      invalidImages.add(name);
      salvagedImages.push(image);
    }
  }
  if (isMap(record.images) && Object.keys(rawImages).length === 0) {
    error(['images'], 'empty-catalog', 'the catalog defines no images', 'add at least one image under "images:"');
  }
  // A wrong top-level field hides nothing else: the valid ones are still used by the checks that follow.
  const settings = (
    top.success ? top.data : salvageFields(catalogTopLevelSchema, data, ['mirrors', 'vars']).fields
  ) as Partial<RawCatalogTop>;
  const labels: LabelSettings = { prefix: DEFAULT_LABEL_PREFIX, ...(settings?.labels ?? {}) };
  const platforms = normalizePlatformList(settings?.platforms, ['platforms'], error);
  return {
    registry: settings?.registry ?? '',
    labels,
    mirrors: settings?.mirrors ?? {},
    builder: settings?.builder ?? {},
    lint: { rules: lintRules(settings?.lint?.rules ?? {}, error) },
    signing: normalizeSigning(settings?.signing),
    vars: (settings?.vars ?? {}) as Variables,
    ...(platforms ? { platforms } : {}),
    images,
    invalidImages,
    salvagedImages,
    diagnostics,
  };
}

/** What normalizeImage may rely on in an image entry that failed its schema. */
interface Known {
  /** The version syntax can be checked: the versioning scheme is valid, or follows from a valid kind. */
  readonly versionSyntax: boolean;
  /** The entry's `versions` was valid as a whole (else "no versions" would repeat its error). */
  readonly versions: boolean;
}

const ALL_KNOWN: Known = { versionSyntax: true, versions: true };

/** The valid fields of an invalid image entry (the valid versions and variants of broken maps), or undefined. */
function salvageImage(
  imageSchema: CatalogSchemas['imageSchema'],
  raw: unknown,
): { raw: RawImage; known: Known } | undefined {
  if (!isMap(raw)) return undefined;
  const { fields, dropped } = salvageFields(imageSchema, raw, ['versions', 'variants', 'vars']);
  // A kind that is wrong gives no versioning default: the version syntax is then not checked.
  const kind = fields.kind !== undefined;
  const known: Known = {
    versionSyntax: !dropped.has('versioning') && (kind || fields.versioning !== undefined),
    versions: fields.versions !== undefined && !dropped.has('versions'),
  };
  return { raw: { kind: 'os', versions: {}, ...fields } as RawImage, known };
}

type ReportError = (path: KeyPath, code: string, message: string, hint?: string, onKey?: boolean) => void;

/**
 * `lint.rules` with every id checked against the rules the linter knows, keyed by the rules' own ids
 * (a hadolint code such as DL3042 names the rule that corresponds).
 */
function lintRules(rules: LintSettings['rules'], error: ReportError): LintSettings['rules'] {
  const known: Record<string, LintSettings['rules'][string]> = {};
  const written = new Map<string, string>();
  for (const [id, severity] of Object.entries(rules)) {
    const rule = findLintRule(id);
    if (rule === undefined) {
      const { message, hint } = unknownLintRule(id);
      error(['lint', 'rules', id], 'unknown-lint-rule', message, hint, true);
    } else if (written.has(rule.id)) {
      const message = `"${id}" and "${written.get(rule.id)}" both set the rule ${rule.id}`;
      error(['lint', 'rules', id], 'duplicate-lint-rule', message, 'keep one of the two', true);
    } else {
      written.set(rule.id, id);
      known[rule.id] = severity;
    }
  }
  return known;
}

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Builds one image's spec, reporting its problems; `ok` is false when the entry has errors that
 * make its nodes meaningless (the spec is then checked further, never built).
 */
function normalizeImage(
  name: string,
  raw: RawImage,
  error: ReportError,
  known = ALL_KNOWN,
): { image: ImageSpec; ok: boolean } {
  const path: KeyPath = ['images', name];
  const versioning = raw.versioning ?? (raw.kind === 'app' ? 'semver' : 'pep440');
  const before = { count: 0 };
  const counting: ReportError = (...args) => {
    before.count++;
    error(...args);
  };
  const variants = normalizeVariants(raw, path, counting);
  const variantNames = variants.map((v) => v.name);
  const versions = Object.entries(raw.versions).map(([version, entry]) =>
    normalizeVersion(version, entry ?? {}, [...path, 'versions', version], variantNames, versioning, counting, known),
  );
  if (versions.length === 0 && known.versions) {
    counting([...path, 'versions'], 'no-versions', `image "${name}" has no versions`, 'add at least one version');
  }
  // Paths do not change the graph: their problems are reported without dropping the image.
  checkPaths(name, raw, path, error);
  sortByVersion(versions, versioning);
  const platforms = normalizePlatformList(raw.platforms, [...path, 'platforms'], counting);
  const image: ImageSpec = {
    name,
    kind: raw.kind,
    title: raw.title ?? name,
    ...(raw.description !== undefined ? { description: raw.description } : {}),
    ...(raw.from !== undefined ? { from: raw.from } : {}),
    ...(raw.family !== undefined ? { family: raw.family } : {}),
    ...(platforms ? { platforms } : {}),
    versioning,
    template: raw.template ?? `images/${name}/Dockerfile.hbs`,
    context: raw.context ?? `images/${name}/`,
    vars: (raw.vars ?? {}) as Variables,
    versions,
    variants,
    tags: { major: raw.tags?.major ?? true, minor: raw.tags?.minor ?? true, latest: raw.tags?.latest ?? false },
    ...(raw.prepare ? { prepare: raw.prepare } : {}),
    ...(raw.artifact ? { artifact: { stage: raw.artifact.stage } } : {}),
    secrets: (raw.secrets ?? []).map((secret) => ({
      id: secret.id,
      env: secret.env,
      required: secret.required ?? true,
    })),
    tests: raw.tests ?? [],
    ...(raw.securityUpdates ? { securityUpdates: raw.securityUpdates } : {}),
    ...(raw.rebuildAfter ? { rebuildAfter: raw.rebuildAfter } : {}),
    ...(raw.updates
      ? {
          updates: {
            ...raw.updates,
            policy: raw.updates.policy ?? 'patch',
            prereleases: raw.updates.prereleases ?? false,
            keep: raw.updates.keep ?? false,
          },
        }
      : {}),
    ...(raw.deploy ? { deploy: normalizeDeploy(raw.deploy) } : {}),
    path,
  };
  return { image, ok: before.count === 0 };
}

/** `template`, `context` and `prepare.file` stay inside the catalog's folder (or the build context). */
function checkPaths(
  name: string,
  raw: Pick<RawImage, 'template' | 'context' | 'prepare'>,
  path: KeyPath,
  error: ReportError,
) {
  const check = (key: KeyPath, value: string | undefined, kind: 'file' | 'folder', base: PathBase, example: string) => {
    if (value === undefined) return;
    const problem = relativePathProblem(value, kind);
    if (problem === undefined) return;
    const { message, hint } = pathDiagnosticText(String(key[key.length - 1]), value, problem, kind, base, example);
    error([...path, ...key], 'path-outside', message, hint);
  };
  check(['template'], raw.template, 'file', 'catalog', `images/${name}/Dockerfile.hbs`);
  check(['context'], raw.context, 'folder', 'catalog', `images/${name}/`);
  check(['prepare', 'file'], raw.prepare?.file, 'file', 'context', 'rootfs.tar');
}

/**
 * Versions are ordered by version, lowest first. (Declaration order cannot be kept: YAML maps become
 * objects, which put integer-like keys such as "12" and "13" first.)
 */
function sortByVersion(versions: VersionSpec[], scheme: ImageSpec['versioning']): void {
  const parsed = new Map(versions.map((v) => [v.version, parseVersion(v.version, scheme)]));
  versions.sort((a, b) => {
    const pa = parsed.get(a.version);
    const pb = parsed.get(b.version);
    return pa && pb ? compareVersions(pa, pb) : 0;
  });
}

function normalizeVariants(raw: RawImage, path: KeyPath, error: ReportError): VariantSpec[] {
  const variants: VariantSpec[] = [];
  let firstDefault: string | undefined;
  for (const [name, entry] of Object.entries(raw.variants ?? {})) {
    const variantPath: KeyPath = [...path, 'variants', name];
    const e: RawVariantEntry = entry ?? {};
    if (e.default === true) {
      if (firstDefault !== undefined) {
        const message = `variants "${firstDefault}" and "${name}" are both marked default`;
        error([...variantPath, 'default'], 'multiple-defaults', message, 'keep "default: true" on one variant only');
      }
      firstDefault ??= name;
    }
    variants.push({
      name,
      ...(e.from !== undefined ? { from: e.from } : {}),
      isDefault: e.default === true,
      aliases: e.aliases ?? [],
      ...(e.description !== undefined ? { description: e.description } : {}),
      vars: templateVariables(e, VARIANT_KEYS, variantPath, error),
      path: variantPath,
    });
  }
  return variants;
}

function normalizeVersion(
  version: string,
  entry: RawVersionEntry,
  path: KeyPath,
  variantNames: readonly string[],
  versioning: ImageSpec['versioning'],
  error: ReportError,
  known = ALL_KNOWN,
): VersionSpec {
  if (known.versionSyntax && !parseVersion(version, versioning)) {
    error(path, 'invalid-version', `invalid version "${version}"`, `expected ${versionExample(versioning)}`, true);
  }
  for (const [index, variant] of (entry.variants ?? []).entries()) {
    if (variantNames.length === 0) {
      error([...path, 'variants'], 'unknown-variant', 'this image has no variants to restrict', 'remove "variants:"');
      break;
    }
    if (!variantNames.includes(variant)) {
      const near = closestMatch(variant, variantNames);
      const message = `unknown variant "${variant}"${near ? `; did you mean "${near}"?` : ''}`;
      error(
        [...path, 'variants', index],
        'unknown-variant',
        message,
        `variants of this image: ${variantNames.join(', ')}`,
      );
    }
  }
  const platforms = normalizePlatformList(entry.platforms, [...path, 'platforms'], error);
  return {
    version,
    ...(entry.from !== undefined ? { from: entry.from } : {}),
    ...(platforms ? { platforms } : {}),
    ...(entry.variants !== undefined ? { variants: entry.variants } : {}),
    vars: templateVariables(entry, VERSION_KEYS, path, error),
    path,
  };
}

/**
 * The reserved key a variable name looks like a typo of, if any. The same few names recur in every
 * entry of a big catalog: each is compared with the reserved keys once.
 */
const typoOfReserved = new Map<string, string | null>();

function reservedTypo(key: string, reserved: readonly string[]): string | undefined {
  const memo = `${reserved.join(',')}\u0000${key}`;
  let near = typoOfReserved.get(memo);
  if (near === undefined) {
    near = closestMatch(key, reserved) ?? null;
    typoOfReserved.set(memo, near);
  }
  return near ?? undefined;
}

/** The entry's template variables: every key that is not reserved, checked for typos of reserved keys. */
function templateVariables(
  entry: Record<string, unknown>,
  reserved: readonly string[],
  path: KeyPath,
  error: ReportError,
): Variables {
  const vars: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(entry)) {
    if (reserved.includes(key)) continue;
    const near = reservedTypo(key, reserved);
    if (near !== undefined) {
      const message = `unknown key "${key}"; did you mean "${near}"?`;
      error([...path, key], 'unknown-key', message, 'rename it, or give the template variable another name', true);
    } else if (!VARIABLE_NAME_PATTERN.test(key)) {
      error(
        [...path, key],
        'invalid-key',
        `invalid variable name "${key}"`,
        'template variables are identifiers: letters, digits and "_"',
        true,
      );
    }
    vars[key] = value as JsonValue;
  }
  return vars;
}

/** `signing: off` is `{ mode: off }`; an absent mode is `key`. */
function normalizeSigning(raw: RawCatalogTop['signing']): CatalogSigning {
  if (raw === undefined) return DEFAULT_SIGNING;
  if (typeof raw === 'string') return { mode: raw };
  return { mode: raw.mode ?? 'key', ...(raw.key ? { key: raw.key } : {}) };
}
