import { gunzipSync } from 'node:zlib';

/**
 * Plain OCI distribution API calls for assertions, independent of the client under test.
 */
const ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** The image tags of a repository, sorted; the package-list artifacts (`sha256-<hex>.packages`) left out. */
/** Tags of what is attached to an image (`sha256-<hex>.sbom`, `.provenance`, cosign's `.sig` and `.att`, older `.packages`). */
const ATTACHMENT_TAG = /^sha256-[0-9a-f]{64}\.[a-z]+$/;

export async function tagsOf(base: string, repository: string): Promise<string[]> {
  return (await allTagsOf(base, repository)).filter((tag) => !ATTACHMENT_TAG.test(tag));
}

/** Every tag of a repository, sorted. */
export async function allTagsOf(base: string, repository: string): Promise<string[]> {
  const response = await fetch(`${base}/v2/${repository}/tags/list`);
  if (response.status === 404) return [];
  const body = (await response.json()) as { tags: string[] | null };
  return [...(body.tags ?? [])].sort();
}

export async function digestOf(base: string, repository: string, tag: string): Promise<string | undefined> {
  const response = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: ACCEPT },
  });
  return response.ok ? (response.headers.get('docker-content-digest') ?? undefined) : undefined;
}

export async function labelsOf(base: string, repository: string, reference: string): Promise<Record<string, string>> {
  const manifest = (await (
    await fetch(`${base}/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT } })
  ).json()) as {
    config: { digest: string };
  };
  const config = (await (await fetch(`${base}/v2/${repository}/blobs/${manifest.config.digest}`)).json()) as {
    config: { Labels?: Record<string, string> };
  };
  return config.config.Labels ?? {};
}

/** The top layer of an image (a manifest, by digest or tag), uncompressed, as text: what its last step added. */
export async function lastLayerText(base: string, repository: string, reference: string): Promise<string> {
  const manifest = (await (
    await fetch(`${base}/v2/${repository}/manifests/${reference}`, { headers: { accept: ACCEPT } })
  ).json()) as { layers: { digest: string; mediaType: string }[] };
  const layer = manifest.layers.at(-1);
  if (!layer) return '';
  const blob = Buffer.from(await (await fetch(`${base}/v2/${repository}/blobs/${layer.digest}`)).arrayBuffer());
  return (layer.mediaType.endsWith('gzip') ? gunzipSync(blob) : blob).toString('latin1');
}
