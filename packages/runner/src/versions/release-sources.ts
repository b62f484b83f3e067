import {
  type Catalog,
  debianFamily,
  formatKeyPath,
  type ImageSpec,
  type KeyPath,
  mirrorEnvironmentVariable,
  normalizeProjectName,
  type ParsedIndex,
  parseDebianPackageIndex,
  parsePep503Html,
  parsePep691,
  parsePythonOrgFiles,
  parsePythonOrgReleases,
  parseRelease,
  type UpdatesSpec,
  type UpstreamFile,
  type UpstreamRelease,
} from '@catalog/core';
import { UpstreamError } from '../upstream/errors.js';
import { fetchIndexText, fetchManifest, get, httpError } from '../upstream/security-index.js';
import { archiveKeyring } from '../upstream/signed-manifest.js';

/** What reading the releases of one image needs: the network, the registry for OCI tags, the cache. */
export interface ReleaseSourceContext {
  readonly catalog: Catalog;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly fetch: typeof fetch;
  readonly cacheDir: string;
  /** OCI tags and digests (the registry client). */
  readonly registry: TagReader;
  /** `file:line:col: key.path` of a catalog key, for messages (default: the key path alone). */
  readonly at?: (path: KeyPath) => string;
  /** The Debian archive of a suite when neither the catalog nor the environment names one (the apt sources' first). */
  readonly debianArchive: (suite: string) => Promise<string | undefined>;
}

export interface TagReader {
  listTags(repository: string): Promise<string[]>;
  resolve(reference: string): Promise<{ readonly digest: string } | undefined>;
}

/** A source's releases, and how it finds a candidate's files when its index lists them apart. */
export interface ReleaseListing {
  /** The index read, for messages and the report. */
  readonly url: string;
  readonly releases: readonly UpstreamRelease[];
  files(release: UpstreamRelease): Promise<readonly UpstreamFile[]>;
}

/** The releases the image's `updates` source announces. */
export function listReleases(
  image: ImageSpec,
  spec: UpdatesSpec,
  context: ReleaseSourceContext,
): Promise<ReleaseListing> {
  switch (spec.source) {
    case 'cpython':
      return pythonOrg(image, spec, context);
    case 'pypi':
      return pypi(image, spec, context);
    case 'debian':
      return debian(image, spec, context);
    case 'oci':
      return oci(image, spec, context);
  }
}

/** Where a key of the catalog is, for messages. */
export function catalogKeyAt(context: ReleaseSourceContext, path: KeyPath): string {
  return context.at ? context.at(path) : formatKeyPath(path);
}

/** The URL of the `mirrors:` entry (its CATALOG_MIRROR_<NAME> first), without trailing slashes. */
export function mirrorUrl(image: ImageSpec, spec: UpdatesSpec, context: ReleaseSourceContext): string {
  const name = spec.mirror as string;
  const variable = mirrorEnvironmentVariable(name);
  const url = context.env[variable] || context.catalog.mirrors[name];
  if (!url) {
    throw new UpstreamError(
      `${catalogKeyAt(context, [...image.path, 'updates', 'mirror'])}: the mirror "${name}" has no URL`,
      `set ${variable}=<URL of the index>, or a URL under mirrors.${name} in the catalog`,
    );
  }
  return url.replace(/\/+$/, '');
}

async function text(url: string, context: ReleaseSourceContext, headers: Record<string, string> = {}): Promise<string> {
  return (await typedText(url, context, headers)).body;
}

async function typedText(
  url: string,
  context: ReleaseSourceContext,
  headers: Record<string, string> = {},
): Promise<{ body: string; type: string }> {
  const response = await get(url, context.fetch, headers);
  if (!response.ok) {
    await response.body?.cancel();
    throw httpError(url, response.status);
  }
  return { body: await response.text(), type: response.headers.get('content-type') ?? '' };
}

function parsed<T>(url: string, result: ParsedIndex<T>, hint: string): T {
  if ('problem' in result) throw new UpstreamError(`${url} is malformed: ${result.problem}`, hint);
  return result.ok;
}

async function pythonOrg(image: ImageSpec, spec: UpdatesSpec, context: ReleaseSourceContext): Promise<ReleaseListing> {
  const base = mirrorUrl(image, spec, context);
  const url = `${base}/api/v2/downloads/release/?is_published=true`;
  const hint = `the mirror ${spec.mirror} must serve python.org's release index (/api/v2/downloads/release/)`;
  const releases = parsed(url, parsePythonOrgReleases(await text(url, context)), hint);
  return {
    url,
    releases,
    files: async (release) => {
      const filesUrl = `${base}/api/v2/downloads/release_file/?release=${release.handle}`;
      return parsed(filesUrl, parsePythonOrgFiles(await text(filesUrl, context)), hint);
    },
  };
}

async function pypi(image: ImageSpec, spec: UpdatesSpec, context: ReleaseSourceContext): Promise<ReleaseListing> {
  const project = spec.project as string;
  const url = `${mirrorUrl(image, spec, context)}/${normalizeProjectName(project)}/`;
  // PEP 691 JSON preferred; a mirror that only speaks PEP 503 answers with HTML (sha256 in the links).
  const accept = 'application/vnd.pypi.simple.v1+json, text/html;q=0.1';
  const page = await typedText(url, context, { Accept: accept });
  const hint = `the mirror ${spec.mirror} must serve the simple API (PEP 691 JSON, or PEP 503 HTML) with each file's sha256`;
  const html = page.type.includes('html') || page.body.trimStart().startsWith('<');
  const releases = parsed(url, html ? parsePep503Html(page.body, project) : parsePep691(page.body, project), hint);
  return { url, releases, files: async (release) => release.files };
}

async function debian(image: ImageSpec, spec: UpdatesSpec, context: ReleaseSourceContext): Promise<ReleaseListing> {
  const base = spec.mirror
    ? mirrorUrl(image, spec, context)
    : (context.env.CATALOG_DEBIAN_MIRROR || (await context.debianArchive(spec.suite as string)))?.replace(/\/+$/, '');
  if (!base) {
    throw new UpstreamError(
      `${catalogKeyAt(context, [...image.path, 'updates'])}: no Debian archive known`,
      `name a mirror (updates.mirror), set CATALOG_DEBIAN_MIRROR, or add a ${spec.suite} source to the apt sources`,
    );
  }
  const suite = `${base}/dists/${spec.suite}`;
  const signature = debianFamily.security.signature;
  if (!signature) throw new UpstreamError('Debian manifests have no signature format', 'a bug: please report it');
  const keyring = archiveKeyring(signature, spec.mirror, context.env);
  const manifest = await fetchManifest(suite, debianFamily, context.fetch, keyring);
  const release = parseRelease(manifest.text);
  if (!release) throw new UpstreamError(`${manifest.url} is malformed: no SHA256 list`, 'check the mirror URL');
  const architecture = debianFamily.security.architecture(context.catalog.platforms[0] ?? 'linux/amd64');
  const stem = spec.index === 'packages' ? `main/binary-${architecture}/Packages` : 'main/source/Sources';
  const files = ['.xz', '.gz', ''].flatMap((compression) => {
    const entry = release.entries.find((e) => e.path === `${stem}${compression}`);
    return entry ? [{ path: entry.path, sha256: entry.sha256 }] : [];
  });
  const word = 'Release file';
  const index = await fetchIndexText(suite, files, {
    fetch: context.fetch,
    cacheDir: context.cacheDir,
    manifestWord: word,
  });
  if (index === undefined) {
    throw new UpstreamError(
      `${suite} has no ${stem}(.xz|.gz) listed and served`,
      `check updates.suite (${spec.suite})`,
    );
  }
  const url = `${suite}/${stem}`;
  const releases = parsed(
    url,
    parseDebianPackageIndex(index, spec.project as string, spec.index ?? 'sources'),
    'check the mirror',
  );
  return { url, releases, files: async (r) => r.files };
}

async function oci(_image: ImageSpec, spec: UpdatesSpec, context: ReleaseSourceContext): Promise<ReleaseListing> {
  const repository = spec.project as string;
  const tags = await context.registry.listTags(repository);
  const releases = tags.map((tag) => ({ version: tag, label: tag, prerelease: false, files: [] }));
  return {
    url: repository,
    releases,
    files: async (release) => {
      const descriptor = await context.registry.resolve(`${repository}:${release.label}`);
      if (!descriptor) throw new UpstreamError(`${repository}:${release.label} is listed but not found`, 'retry later');
      return [{ name: release.label, sha256: descriptor.digest.replace(/^sha256:/, '') }];
    },
  };
}
