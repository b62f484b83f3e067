import type { Catalog, CatalogNode, ImageSpec } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { fullVersionTag, tagReference } from '../names/names.js';
import type { RenderedFacts } from './exposed-ports.js';

/** One LABEL entry. `fromBuildArg` values are the name of a build arg, filled at build time. */
export interface Label {
  readonly key: string;
  readonly value: string;
  readonly fromBuildArg?: boolean;
}

/** Build args every rendered Dockerfile declares for the labels that change per build. */
export const LABEL_BUILD_ARGS = {
  baseDigest: 'BASE_DIGEST',
  created: 'BUILD_CREATED',
  revision: 'BUILD_REVISION',
} as const;

const OCI = 'org.opencontainers.image';

/** The full reference a node is published under, by its full version tag: `<registry>/python:3.13.5`. */
export function nodeReference(registry: string, node: CatalogNode): string {
  return tagReference(registry, node);
}

/** What `FROM` pulls by default (the builder pins it by digest): the parent's full reference. */
export function baseImageOf(catalog: Catalog, graph: CatalogGraph, node: CatalogNode): string | null {
  if (!node.parent) return null;
  if (node.parent.type === 'external') return node.parent.ref;
  return nodeReference(catalog.registry, graph.node(node.parent.id));
}

/** Versions of the main components inside a node: its own and every ancestor's, root first. */
export function componentVersions(graph: CatalogGraph, node: CatalogNode): Record<string, string> {
  const chain = [...graph.ancestors(node.id)].reverse();
  chain.push(node);
  return Object.fromEntries(chain.map((n) => [n.image, n.version]));
}

/**
 * The standard OCI labels (those that apply), the Kubernetes/OpenShift labels and the lineage labels
 * of a node, in a fixed order. `created`, `revision` and `base.digest` come from build args so a
 * render does not change with every commit or parent rebuild. `rendered` is what the node's first
 * render says (see renderedFacts): the ports it EXPOSEs, for `io.openshift.expose-services`, and
 * whether it is an S2I builder. Without it (docs of an unbuilt node) those are left out.
 */
export function nodeLabels(
  catalog: Catalog,
  graph: CatalogGraph,
  image: ImageSpec,
  node: CatalogNode,
  rendered: Partial<RenderedFacts> = {},
): Label[] {
  const settings = catalog.labels;
  const variant = image.variants.find((v) => v.name === node.variant);
  const description = variant?.description ?? image.description;
  const title = node.variant ? `${image.title} (${node.variant})` : image.title;
  const base = baseImageOf(catalog, graph, node);
  const optional = (key: string, value: string | undefined): Label[] =>
    value ? [{ key: `${OCI}.${key}`, value }] : [];
  const labels: Label[] = [
    { key: `${OCI}.title`, value: title },
    ...optional('description', description),
    { key: `${OCI}.version`, value: node.version },
    { key: `${OCI}.created`, value: LABEL_BUILD_ARGS.created, fromBuildArg: true },
    { key: `${OCI}.revision`, value: LABEL_BUILD_ARGS.revision, fromBuildArg: true },
    ...optional('source', settings.source),
    ...optional('url', settings.url),
    ...optional('documentation', settings.documentation),
    ...optional('vendor', settings.vendor),
    ...optional('licenses', settings.licenses),
    ...optional('authors', settings.authors),
    ...optional('ref.name', fullVersionTag(node)),
  ];
  if (base) {
    labels.push({ key: `${OCI}.base.name`, value: base });
    labels.push({ key: `${OCI}.base.digest`, value: LABEL_BUILD_ARGS.baseDigest, fromBuildArg: true });
  }
  labels.push(...platformLabels(graph, node, { title, description, ports: rendered.ports ?? [] }, rendered.builder));
  labels.push(...lineageLabels(catalog, graph, node));
  return labels;
}

/**
 * The labels Kubernetes and OpenShift read (OpenShift's image guidelines): display name and
 * description (the OCI title and description), search tags (`builder` for an S2I builder, the kind,
 * then the image and the catalog images it is built on) and the exposed ports as services, `PORT[/PROTO]:NAME`. The
 * catalog's frameworks and apps serve HTTP, so a TCP port is named `http`; a UDP or SCTP port is
 * named after the image.
 */
function platformLabels(
  graph: CatalogGraph,
  node: CatalogNode,
  text: { title: string; description: string | undefined; ports: readonly string[] },
  builder = false,
): Label[] {
  const lineage = [node, ...graph.ancestors(node.id)].map((n) => n.image);
  const labels: Label[] = [{ key: 'io.k8s.display-name', value: text.title }];
  if (text.description) labels.push({ key: 'io.k8s.description', value: text.description });
  const tags = [...(builder ? ['builder'] : []), node.kind, ...lineage];
  labels.push({ key: 'io.openshift.tags', value: [...new Set(tags)].join(',') });
  if (text.ports.length > 0) {
    const services = text.ports.map((port) => `${port}:${port.includes('/') ? node.image : 'http'}`);
    labels.push({ key: 'io.openshift.expose-services', value: services.join(',') });
  }
  return labels;
}

function lineageLabels(catalog: Catalog, graph: CatalogGraph, node: CatalogNode): Label[] {
  const prefix = catalog.labels.prefix;
  const parent = node.parent === null ? '' : node.parent.type === 'node' ? node.parent.id : node.parent.ref;
  const labels: Label[] = [
    { key: `${prefix}.id`, value: node.id },
    { key: `${prefix}.image`, value: node.image },
    { key: `${prefix}.kind`, value: node.kind },
  ];
  if (node.variant) labels.push({ key: `${prefix}.variant`, value: node.variant });
  if (parent) labels.push({ key: `${prefix}.parent`, value: parent });
  for (const [component, version] of Object.entries(componentVersions(graph, node))) {
    labels.push({ key: `${prefix}.component.${component}`, value: version });
  }
  return labels;
}

/** Label keys every image rendered from the catalog must carry (the linter checks them). */
export function requiredLabelKeys(catalog: Catalog, node: CatalogNode): string[] {
  const keys = ['title', 'version', 'created', 'revision'].map((k) => `${OCI}.${k}`);
  if (node.parent) keys.push(`${OCI}.base.name`, `${OCI}.base.digest`);
  keys.push(`${catalog.labels.prefix}.id`, `${catalog.labels.prefix}.kind`);
  return keys;
}
