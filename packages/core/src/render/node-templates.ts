import { type Catalog, type CatalogNode, imageSpec } from '../catalog/model.js';
import { InvalidInputError } from '../errors.js';
import type { CatalogGraph } from '../graph/graph.js';
import { OS_FAMILIES, type OsFamilies, osFamily } from '../os/families.js';
import { nodeFamily } from '../os/node-family.js';
import { createTemplateEnvironment } from './handlebars-env.js';
import { baseImageOf, nodeLabels } from './labels.js';
import { templateContext } from './render.js';

/** A smoke test with its command and expectation rendered for one node. */
export interface NodeSmokeTest {
  readonly name: string;
  readonly run: readonly string[];
  readonly user?: string;
  readonly expect?: string;
}

/** A prepare step with its command rendered for one node. */
export interface NodePrepareStep {
  readonly run: readonly string[];
  readonly file: string;
}

/** Renders short catalog strings ({{version}}, {{vars.suite}}) with the node's template data, strictly. */
function stringRenderer(
  catalog: Catalog,
  graph: CatalogGraph,
  node: CatalogNode,
): (text: string, where: string) => string {
  const image = imageSpec(catalog, node.image);
  const context = templateContext(
    catalog,
    graph,
    image,
    node,
    nodeLabels(catalog, graph, image, node),
    baseImageOf(catalog, graph, node),
    nodeFamily(catalog, graph, node),
  );
  const environment = createTemplateEnvironment([]);
  return (text, where) => {
    try {
      return environment.compile({ file: where, text })(context);
    } catch (error) {
      const detail = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      const message = `cannot render ${JSON.stringify(text)} for ${node.id}: ${detail.replace(/ in (\[object Object\]|undefined)/, '').replace(/ - \d+:\d+$/, '')}`;
      const hint = 'use {{version}}, {{vars.<name>}}, {{components.<image>}} or another template value';
      throw new InvalidInputError([{ code: 'template', severity: 'error', file: catalog.file, message, hint }]);
    }
  };
}

/** The image's smoke tests as they apply to one node. */
export function nodeSmokeTests(catalog: Catalog, graph: CatalogGraph, node: CatalogNode): NodeSmokeTest[] {
  const image = imageSpec(catalog, node.image);
  if (image.tests.length === 0) return [];
  const render = stringRenderer(catalog, graph, node);
  return image.tests.map((test, i) => {
    const where = `images.${image.name}.tests.${i}`;
    return {
      name: test.name,
      run: test.run.map((arg) => render(arg, where)),
      ...(test.user ? { user: test.user } : {}),
      ...(test.expect !== undefined ? { expect: render(test.expect, where) } : {}),
    };
  });
}

/** The image's prepare step as it applies to one node, or undefined. */
export function nodePrepareStep(catalog: Catalog, graph: CatalogGraph, node: CatalogNode): NodePrepareStep | undefined {
  const image = imageSpec(catalog, node.image);
  if (!image.prepare) return undefined;
  const render = stringRenderer(catalog, graph, node);
  const where = `images.${image.name}.prepare`;
  return { run: image.prepare.run.map((arg) => render(arg, where)), file: image.prepare.file };
}

/** Where a node's OS packages get security fixes from, with its suite rendered. */
export interface NodeSecuritySource {
  /** The image whose `securityUpdates` applies (the node's own, else its nearest ancestor's). */
  readonly image: string;
  readonly suite: string;
  readonly components: readonly string[];
  readonly mirror?: string;
}

/**
 * The `securityUpdates` that apply to a node: its image's, else the nearest ancestor's (a runtime
 * installs packages from the suite of the OS it is built on), rendered with that ancestor's data.
 * The suite and components not given are its OS family's defaults.
 */
export function nodeSecuritySource(
  catalog: Catalog,
  graph: CatalogGraph,
  node: CatalogNode,
  families: OsFamilies = OS_FAMILIES,
): NodeSecuritySource | undefined {
  for (const candidate of [node, ...graph.ancestors(node.id)]) {
    const spec = imageSpec(catalog, candidate.image).securityUpdates;
    if (!spec) continue;
    const defaults = osFamily(nodeFamily(catalog, graph, candidate), families).security;
    const where = `images.${candidate.image}.securityUpdates`;
    const suite = stringRenderer(catalog, graph, candidate)(spec.suite ?? defaults.defaultSuite, where);
    return {
      image: candidate.image,
      suite,
      components: spec.components ?? defaults.defaultComponents,
      ...(spec.mirror ? { mirror: spec.mirror } : {}),
    };
  }
  return undefined;
}
