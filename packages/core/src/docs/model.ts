import type { LoadedCatalog } from '../catalog/load-catalog.js';
import type { Catalog, CatalogNode, ImageKind, ImageSpec } from '../catalog/model.js';
import type { DeploySpec } from '../deploy/deploy-spec.js';
import { kubernetesManifest } from '../deploy/manifests.js';
import type { CatalogGraph } from '../graph/graph.js';
import { fullVersionTag, tagReference } from '../names/names.js';
import { componentVersions, nodeLabels } from '../render/labels.js';
import type { NodeReportSupply } from '../report/build-report.js';
import { computeTags, type TagPlan } from '../tags/compute.js';
import { compareVersions, parseVersion } from '../version/version.js';
import type { PolicyOptions } from './tag-policy.js';

/** What is known of a node once it has been built or published: from a build report or the registry. */
export interface PublishedNode {
  /** The manifest digest the node's full version tag points at. */
  readonly digest?: string;
  /** The newest immutable `<version>[-<variant>]-r<N>` tag. */
  readonly immutableTag?: string;
  /** Compressed size of the image (config and layers), in bytes. */
  readonly sizeBytes?: number;
  /** The image's labels, as published. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Whether the smoke tests passed in the build that produced the image. */
  readonly testsPassed?: boolean;
  /** Signed or not, and its SBOM's package count (`build --push`, or the registry's `.sig` and `.sbom` tags). */
  readonly supply?: NodeReportSupply;
}

/** One label as the docs show it; `atBuild` values are filled by each build (created, revision, …). */
export interface DocsLabel {
  readonly key: string;
  readonly value: string;
  readonly atBuild: boolean;
}

export interface DocsNode {
  readonly id: string;
  readonly version: string;
  readonly variant: string | null;
  readonly isDefaultVariant: boolean;
  /** Rolling tags from the catalog's tag plan, the full version tag first. */
  readonly rolling: readonly string[];
  /** The platforms every tag holds (one OCI image index per tag when more than one). */
  readonly platforms: readonly string[];
  /** The tag a team should write in FROM: the full version tag, with the variant when there is one. */
  readonly recommendedTag: string;
  /** `<registry>/<image>:<recommendedTag>`. */
  readonly reference: string;
  /** `FROM <reference>`; null for an app, which is not a base (apps cannot be parents). */
  readonly fromLine: string | null;
  /** Node ids from the root to this node. */
  readonly lineage: readonly string[];
  /** The external image the chain starts FROM, if any. */
  readonly externalBase: string | null;
  /** Image → version along the lineage (OS, runtimes, frameworks, …). */
  readonly components: Readonly<Record<string, string>>;
  /** Names of the smoke tests every build of this node passes before it is published. */
  readonly tests: readonly string[];
  readonly labels: readonly DocsLabel[];
  readonly published: PublishedNode | undefined;
}

export interface DocsImage {
  readonly name: string;
  readonly title: string;
  readonly kind: ImageKind;
  readonly description: string;
  /** Newest versions first; within a version, the default variant first. */
  readonly nodes: readonly DocsNode[];
  /** The node teams should start from: the newest stable version in the default variant. */
  readonly recommended: DocsNode;
  /** Images this one is built FROM (nearest first), and images built FROM it. */
  readonly parents: readonly string[];
  readonly children: readonly string[];
  /** The image's `deploy:` with a copy-ready manifest; undefined when it declares none. */
  readonly deploy: DocsDeploy | undefined;
}

/** What an image page shows of how its apps run on Kubernetes. */
export interface DocsDeploy {
  readonly spec: DeploySpec;
  /** true: the spec is for apps built on the image (a framework), not for the image itself. */
  readonly forApps: boolean;
  /** A Deployment and Service, ready for `kubectl apply -f`. */
  readonly manifest: string;
}

/** The app name in a framework page's manifest: what `catalog app build --tag` or init-app would name. */
export const DOCS_APP_NAME = 'my-app';

export interface DocsModel {
  readonly registry: string;
  readonly images: readonly DocsImage[];
  readonly graph: CatalogGraph;
  /** Where build state came from (`build report out/last-build.json`), or undefined: not built yet. */
  readonly stateSource: string | undefined;
  /** The catalog's rebuild settings (`rebuildAfter`, `securityUpdates`) for the tag policy page. */
  readonly policy: PolicyOptions;
}

export interface DocsOptions {
  /** Node id → what was built or published. */
  readonly published?: ReadonlyMap<string, PublishedNode>;
  readonly stateSource?: string;
}

/** Everything the generated docs show, computed from the catalog (pure). */
export function docsModel(loaded: Pick<LoadedCatalog, 'catalog' | 'graph'>, options: DocsOptions = {}): DocsModel {
  const { catalog, graph } = loaded;
  const plan = computeTags(catalog);
  const images = catalog.images.flatMap((image) => {
    const nodes = sortNodes(
      image,
      catalog.nodes.filter((n) => n.image === image.name),
    ).map((node) => docsNode(catalog, graph, plan, image, node, options.published?.get(node.id)));
    const recommended = pickRecommended(image, nodes);
    if (!recommended) return [];
    return [{ ...imageSummary(image, graph), nodes, recommended, deploy: docsDeploy(image, recommended) }];
  });
  const policy: PolicyOptions = {
    maxAges: catalog.images.flatMap((image) =>
      image.rebuildAfter ? [{ image: image.name, after: image.rebuildAfter }] : [],
    ),
    securityWatched: catalog.images.filter((image) => image.securityUpdates).map((image) => image.name),
  };
  return { registry: catalog.registry, images, graph, stateSource: options.stateSource, policy };
}

function docsDeploy(image: ImageSpec, recommended: DocsNode): DocsDeploy | undefined {
  if (!image.deploy) return undefined;
  const forApps = image.kind !== 'app';
  const name = forApps ? DOCS_APP_NAME : image.name;
  const manifest = kubernetesManifest({
    name,
    image: forApps ? name : recommended.reference,
    spec: image.deploy,
    ...(forApps ? { note: `Set image: to your app built on ${image.name}.` } : {}),
  });
  return { spec: image.deploy, forApps, manifest };
}

function imageSummary(image: ImageSpec, graph: CatalogGraph): Omit<DocsImage, 'nodes' | 'recommended' | 'deploy'> {
  const own = graph.order.filter((n) => n.image === image.name);
  const parents = unique(own.flatMap((n) => graph.ancestors(n.id).map((a) => a.image)));
  const children = unique(own.flatMap((n) => graph.children(n.id).map((c) => c.image)));
  return {
    name: image.name,
    title: image.title,
    kind: image.kind,
    description: image.description ?? '',
    parents,
    children,
  };
}

function docsNode(
  catalog: Catalog,
  graph: CatalogGraph,
  plan: TagPlan,
  image: ImageSpec,
  node: CatalogNode,
  published: PublishedNode | undefined,
): DocsNode {
  const rolling = plan.get(node.id)?.rolling ?? [];
  const preferred = fullVersionTag(node);
  const recommendedTag = rolling.includes(preferred) ? preferred : (rolling[0] ?? preferred);
  const ancestors = graph.ancestors(node.id);
  const root = ancestors[ancestors.length - 1] ?? node;
  return {
    id: node.id,
    version: node.version,
    variant: node.variant,
    isDefaultVariant: node.isDefaultVariant,
    rolling,
    platforms: node.platforms,
    recommendedTag,
    reference: tagReference(catalog.registry, node, recommendedTag),
    fromLine: node.kind === 'app' ? null : `FROM ${tagReference(catalog.registry, node, recommendedTag)}`,
    lineage: [...ancestors.map((a) => a.id).reverse(), node.id],
    externalBase: root.parent?.type === 'external' ? root.parent.ref : null,
    components: componentVersions(graph, node),
    tests: image.tests.map((t) => t.name),
    labels: docsLabels(catalog, graph, image, node, published),
    published,
  };
}

function docsLabels(
  catalog: Catalog,
  graph: CatalogGraph,
  image: ImageSpec,
  node: CatalogNode,
  published: PublishedNode | undefined,
): DocsLabel[] {
  if (published?.labels) {
    return Object.entries(published.labels)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([key, value]) => ({ key, value, atBuild: false }));
  }
  return nodeLabels(catalog, graph, image, node).map((l) => ({
    key: l.key,
    value: l.fromBuildArg ? 'set at build' : l.value,
    atBuild: l.fromBuildArg === true,
  }));
}

/** Newest version first, default variant first, then variants in declaration order. */
function sortNodes(image: ImageSpec, nodes: readonly CatalogNode[]): CatalogNode[] {
  const variantIndex = (n: CatalogNode): number =>
    n.isDefaultVariant ? -1 : image.variants.findIndex((v) => v.name === n.variant);
  return [...nodes].sort((a, b) => {
    const va = parseVersion(a.version, image.versioning);
    const vb = parseVersion(b.version, image.versioning);
    const byVersion = va && vb ? compareVersions(vb, va) : 0;
    return byVersion || variantIndex(a) - variantIndex(b);
  });
}

function pickRecommended(image: ImageSpec, nodes: readonly DocsNode[]): DocsNode | undefined {
  const stable = nodes.filter((n) => !parseVersion(n.version, image.versioning)?.prerelease);
  const candidates = stable.length > 0 ? stable : nodes;
  return candidates.find((n) => n.isDefaultVariant) ?? candidates[0];
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
