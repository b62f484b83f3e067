import type { InstalledPackage, OsFamily } from '../os/family.js';

/**
 * The software bill of materials of an image, as CycloneDX 1.6 JSON. CycloneDX rather than SPDX:
 * its purl-first component model is what Trivy, Grype and Syft match vulnerabilities on, it has one
 * place for an image's OS packages, Python packages and what was built from source (with hashes and
 * download URLs), and its npm library (@cyclonedx/cyclonedx-library) ships the JSON Schema
 * validators `catalog verify` and the tests use.
 */
export const CYCLONEDX_SPEC_VERSION = '1.6';
/** The media type of a CycloneDX JSON document. */
export const CYCLONEDX_MEDIA_TYPE = 'application/vnd.cyclonedx+json';

/** Something the catalog builds from source (CPython, pyenv), from its `source`/`sources` variables. */
export interface SourceBuiltComponent {
  /** The image whose variables name it (`python`). */
  readonly image: string;
  readonly version: string;
  readonly url: string | null;
  readonly sha256: string | null;
  /** The declared `type` (`debian`, `git`), null for a plain download. */
  readonly type: string | null;
  /** Where the catalog declares it: `images.python.versions.3.13.5.source`. */
  readonly declaredAt: string;
}

export interface SbomInput {
  /** The image: repository (`host/ns/python`), version and node id. */
  readonly repository: string;
  readonly version: string;
  readonly nodeId: string;
  /** The manifest digest the SBOM describes. */
  readonly digest: string;
  /** `linux/amd64`. */
  readonly platform: string;
  /** The build's recorded package list (the OS family's command, then `pip <name>==<version>` lines). */
  readonly recorded: string;
  readonly family: OsFamily;
  readonly builtFromSource: readonly SourceBuiltComponent[];
  /** ISO time. */
  readonly timestamp: string;
  readonly toolVersion: string;
}

interface CycloneDxComponent {
  readonly type: 'library' | 'application' | 'operating-system' | 'container';
  readonly 'bom-ref': string;
  readonly name: string;
  readonly version: string;
  readonly purl?: string;
  readonly hashes?: readonly { readonly alg: 'SHA-256'; readonly content: string }[];
  readonly externalReferences?: readonly { readonly type: 'distribution' | 'vcs'; readonly url: string }[];
  readonly properties?: readonly { readonly name: string; readonly value: string }[];
}

export interface CycloneDxBom {
  readonly bomFormat: 'CycloneDX';
  readonly specVersion: string;
  readonly version: number;
  readonly metadata: {
    readonly timestamp: string;
    readonly tools: { readonly components: readonly CycloneDxComponent[] };
    readonly component: CycloneDxComponent;
    readonly properties: readonly { readonly name: string; readonly value: string }[];
  };
  readonly components: readonly CycloneDxComponent[];
}

/** The image's SBOM: its OS packages, its Python packages, and what its lineage built from source. */
export function cyclonedxSbom(input: SbomInput): CycloneDxBom {
  const distro = recordedDistro(input.recorded);
  const os = input.family.packageList.parse(input.recorded).map((pkg) => osComponent(input.family, pkg, distro));
  const python = pythonPackages(input.recorded).map(pythonComponent);
  const built = input.builtFromSource.map(sourceComponent);
  const name = input.repository.split('/').pop() ?? input.repository;
  const [algorithm, hex] = input.digest.split(':');
  const image: CycloneDxComponent = {
    type: 'container',
    'bom-ref': `image:${input.nodeId}`,
    name,
    version: input.version,
    purl: `pkg:oci/${encodeURIComponent(name)}@${encodeURIComponent(`${algorithm}:${hex}`)}?repository_url=${encodeURIComponent(input.repository)}`,
    ...(algorithm === 'sha256' && hex ? { hashes: [{ alg: 'SHA-256', content: hex }] } : {}),
  };
  return {
    bomFormat: 'CycloneDX',
    specVersion: CYCLONEDX_SPEC_VERSION,
    version: 1,
    metadata: {
      timestamp: input.timestamp,
      tools: {
        components: [{ type: 'application', 'bom-ref': 'tool:catalog', name: 'catalog', version: input.toolVersion }],
      },
      component: image,
      properties: [
        { name: 'catalog:node', value: input.nodeId },
        { name: 'catalog:platform', value: input.platform },
        ...(distro ? [{ name: 'catalog:distro', value: distro }] : []),
      ],
    },
    components: uniqueRefs([...os, ...python, ...built]),
  };
}

/** `<ID>-<VERSION_ID>` from the recorded `os` line (`debian-13`); undefined when absent. */
function recordedDistro(recorded: string): string | undefined {
  const line = recorded.split(/\r?\n/).find((l) => l.startsWith('os '));
  const [, id, versionId] = line?.trim().split(/\s+/) ?? [];
  if (!id) return undefined;
  return versionId ? `${id}-${versionId}` : id;
}

/** `pip <name>==<version>` lines of the recorded list (editable and URL installs are skipped). */
export function pythonPackages(recorded: string): InstalledPackage[] {
  const packages: InstalledPackage[] = [];
  for (const line of recorded.split(/\r?\n/)) {
    const match = /^pip\s+([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)\s*$/.exec(line.trim());
    if (match?.[1] && match[2]) packages.push({ name: match[1], version: match[2] });
  }
  return packages;
}

function osComponent(family: OsFamily, pkg: InstalledPackage, distro: string | undefined): CycloneDxComponent {
  const purl = family.packageList.purl(pkg, distro);
  return { type: 'library', 'bom-ref': purl, name: pkg.name, version: pkg.version, purl };
}

/** PEP 503's normalized name, as the purl spec's pypi type wants it. */
function pythonComponent(pkg: InstalledPackage): CycloneDxComponent {
  const name = pkg.name.toLowerCase().replace(/[-_.]+/g, '-');
  const purl = `pkg:pypi/${name}@${encodeURIComponent(pkg.version)}`;
  return { type: 'library', 'bom-ref': purl, name, version: pkg.version, purl };
}

function sourceComponent(source: SourceBuiltComponent): CycloneDxComponent {
  const reference = source.url
    ? [{ type: source.type === 'git' ? ('vcs' as const) : ('distribution' as const), url: source.url }]
    : [];
  return {
    type: source.image === 'python' ? 'application' : 'library',
    'bom-ref': `source:${source.image}@${source.version}:${source.url ?? source.declaredAt}`,
    name: source.image,
    version: source.version,
    ...(source.sha256 ? { hashes: [{ alg: 'SHA-256', content: source.sha256 }] } : {}),
    ...(reference.length > 0 ? { externalReferences: reference } : {}),
    properties: [
      { name: 'catalog:built-from-source', value: 'true' },
      { name: 'catalog:declared-at', value: source.declaredAt },
      ...(source.type ? [{ name: 'catalog:source-type', value: source.type }] : []),
    ],
  };
}

/** bom-refs must be unique in a document: a package listed twice (two architectures' names) once. */
function uniqueRefs(components: readonly CycloneDxComponent[]): CycloneDxComponent[] {
  const byRef = new Map<string, CycloneDxComponent>();
  for (const component of components) if (!byRef.has(component['bom-ref'])) byRef.set(component['bom-ref'], component);
  return [...byRef.values()];
}

/**
 * The OS packages of a CycloneDX SBOM (components whose purl has the family's type, e.g. `deb`),
 * for the upstream security check; the SBOM's package count for the docs.
 */
export function sbomOsPackages(bom: unknown, purlType: string): InstalledPackage[] {
  const components = (bom as { components?: unknown }).components;
  if (!Array.isArray(components)) return [];
  const packages: InstalledPackage[] = [];
  for (const component of components as { name?: unknown; version?: unknown; purl?: unknown }[]) {
    if (typeof component.purl !== 'string' || !component.purl.startsWith(`pkg:${purlType}/`)) continue;
    if (typeof component.name !== 'string' || typeof component.version !== 'string') continue;
    const arch = /[?&]arch=([^&]+)/.exec(component.purl)?.[1];
    packages.push({
      name: component.name,
      version: component.version,
      ...(arch ? { architecture: decodeURIComponent(arch) } : {}),
    });
  }
  return packages;
}

/** How many packages (OS, Python, built from source) a CycloneDX SBOM lists. */
export function sbomPackageCount(bom: unknown): number {
  const components = (bom as { components?: unknown }).components;
  return Array.isArray(components) ? components.length : 0;
}
