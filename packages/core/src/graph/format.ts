import type { CatalogNode } from '../catalog/model.js';
import type { CatalogGraph } from './graph.js';

export const GRAPH_FORMATS = ['text', 'dot', 'mermaid', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

/** Renders the hierarchy in one of the supported formats; the result ends with a newline. */
export function formatGraph(graph: CatalogGraph, format: GraphFormat): string {
  switch (format) {
    case 'text':
      return graphAsTree(graph);
    case 'dot':
      return graphAsDot(graph);
    case 'mermaid':
      return graphAsMermaid(graph);
    case 'json':
      return `${JSON.stringify(graphAsJson(graph), null, 2)}\n`;
  }
}

function label(node: CatalogNode): string {
  const external = node.parent?.type === 'external' ? ` FROM ${node.parent.ref}` : '';
  return `${node.id} (${node.kind})${external}`;
}

/** An indented tree, roots in catalog order. */
export function graphAsTree(graph: CatalogGraph): string {
  const lines: string[] = [];
  const walk = (node: CatalogNode, prefix: string, last: boolean, root: boolean): void => {
    lines.push(root ? label(node) : `${prefix}${last ? '└── ' : '├── '}${label(node)}`);
    const children = graph.children(node.id);
    const childPrefix = root ? '' : `${prefix}${last ? '    ' : '│   '}`;
    children.forEach((child, i) => {
      walk(child, childPrefix, i === children.length - 1, false);
    });
  };
  for (const root of graph.roots()) walk(root, '', true, true);
  return `${lines.join('\n')}\n`;
}

/** A DOT quoted string: backslashes and quotes escaped, line breaks as DOT's `\n` (a centered line). */
export function dotString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export function graphAsDot(graph: CatalogGraph): string {
  const lines = ['digraph catalog {', '  rankdir=LR;', '  node [shape=box];'];
  for (const node of graph.order) {
    lines.push(`  ${dotString(node.id)} [label=${dotString(`${node.id}\n${node.kind}`)}];`);
    if (node.parent?.type === 'external') {
      lines.push(
        `  ${dotString(node.parent.ref)} [style=dashed];`,
        `  ${dotString(node.parent.ref)} -> ${dotString(node.id)};`,
      );
    }
  }
  for (const node of graph.order) {
    const parent = graph.parentOf(node.id);
    if (parent) lines.push(`  ${dotString(parent.id)} -> ${dotString(node.id)};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export function graphAsMermaid(graph: CatalogGraph): string {
  const ids = new Map(graph.order.map((node, i) => [node.id, `n${i}`]));
  const lines = ['graph TD'];
  for (const node of graph.order) lines.push(`  ${ids.get(node.id)}["${node.id}"]`);
  for (const node of graph.order) {
    const parent = graph.parentOf(node.id);
    if (parent) lines.push(`  ${ids.get(parent.id)} --> ${ids.get(node.id)}`);
    else if (node.parent?.type === 'external')
      lines.push(`  ext${ids.get(node.id)}[/"${node.parent.ref}"/] --> ${ids.get(node.id)}`);
  }
  return `${lines.join('\n')}\n`;
}

export interface GraphJson {
  readonly nodes: { id: string; image: string; version: string; variant: string | null; kind: string; level: number }[];
  readonly edges: { from: string; to: string; external: boolean }[];
}

export function graphAsJson(graph: CatalogGraph): GraphJson {
  const nodes = graph.order.map((node) => ({
    id: node.id,
    image: node.image,
    version: node.version,
    variant: node.variant,
    kind: node.kind,
    level: graph.level(node.id),
  }));
  const edges = graph.order.flatMap((node) => {
    if (!node.parent) return [];
    const from = node.parent.type === 'node' ? node.parent.id : node.parent.ref;
    return [{ from, to: node.id, external: node.parent.type === 'external' }];
  });
  return { nodes, edges };
}
