import type { Catalog, CatalogNode } from '../catalog/model.js';
import { docsModel } from '../docs/model.js';
import { UsageError } from '../errors.js';
import type { CatalogGraph } from '../graph/graph.js';
import { repositoryOf } from '../names/names.js';
import { computeTags } from '../tags/compute.js';
import { tagOwner } from '../tags/node-of-tag.js';
import { closestMatch } from '../util/did-you-mean.js';

/** The catalog node an app is built FROM, and the tag its FROM line names. */
export interface AppBase {
  readonly node: CatalogNode;
  readonly tag: string;
  /** `<registry>/<image>:<tag>`. */
  readonly reference: string;
}

/**
 * Resolves `--from IMAGE[:TAG]`: an image alone means its recommended node and tag (the newest
 * stable version, default variant, full version tag); with a tag, any rolling tag of the catalog's
 * tag plan, a node id's version part, or an immutable `-rN` tag of a node. The catalog's registry in
 * front (`localhost:5000/acme/flask:3.1`) is accepted. Unknown images and tags are UsageErrors with
 * the nearest match.
 */
export function resolveAppBase(catalog: Catalog, graph: CatalogGraph, from: string): AppBase {
  const prefix = `${catalog.registry}/`;
  const spec = from.startsWith(prefix) ? from.slice(prefix.length) : from;
  const colon = spec.indexOf(':');
  const image = colon < 0 ? spec : spec.slice(0, colon);
  const tag = colon < 0 ? undefined : spec.slice(colon + 1);
  const nodes = catalog.nodes.filter((n) => n.image === image);
  if (nodes.length === 0) throw unknownImage(catalog, image);
  const kind = nodes[0]?.kind;
  if (kind === 'app') {
    const parent = nodes[0]?.parent;
    const base = parent?.type === 'node' ? parent.id : undefined;
    throw new UsageError(
      `"${image}" is an app, not a base image`,
      base ? `build FROM what it is built FROM: --from ${base}` : 'pick an os, runtime or framework image',
    );
  }
  const found =
    tag === undefined ? recommended(catalog, graph, image) : nodeForTag(catalog, nodes, tag, `${image}:${tag}`);
  return { ...found, reference: `${repositoryOf(catalog.registry, image)}:${found.tag}` };
}

function recommended(catalog: Catalog, graph: CatalogGraph, image: string): Omit<AppBase, 'reference'> {
  const docs = docsModel({ catalog, graph }).images.find((i) => i.name === image);
  const node = catalog.nodes.find((n) => n.id === docs?.recommended.id);
  if (!docs || !node) throw unknownImage(catalog, image);
  return { node, tag: docs.recommended.recommendedTag };
}

function nodeForTag(
  catalog: Catalog,
  nodes: readonly CatalogNode[],
  tag: string,
  shown: string,
): Omit<AppBase, 'reference'> {
  const plan = computeTags(catalog);
  const owner = tagOwner(plan, nodes, tag);
  if (owner) return { node: owner.node, tag };
  const known = nodes.flatMap((n) => plan.get(n.id)?.rolling ?? []);
  const near = closestMatch(tag, known);
  return unknownTag(shown, near, known);
}

function unknownTag(shown: string, near: string | undefined, known: readonly string[]): never {
  const image = shown.slice(0, shown.indexOf(':'));
  throw new UsageError(
    `no tag "${shown}" in the catalog's tag plan${near ? `; did you mean "${image}:${near}"?` : ''}`,
    `tags of ${image}: ${known.join(', ')} (or an immutable <version>[-<variant>]-rN tag); see \`catalog tags ${image}\``,
  );
}

function unknownImage(catalog: Catalog, image: string): UsageError {
  const names = catalog.images.map((i) => i.name);
  const near = closestMatch(image, names);
  return new UsageError(
    `no image "${image}" in the catalog${near ? `; did you mean "${near}"?` : ''}`,
    `images: ${names.join(', ')}; pass --from IMAGE or --from IMAGE:TAG (see \`catalog tags\`)`,
  );
}
