import type { CatalogNode } from '../catalog/model.js';
import type { CatalogGraph } from '../graph/graph.js';
import { escapeHtml } from './escape.js';

/** What the lineage drawing shows and links to. */
export interface LineageOptions {
  /** Only these node ids (default: every node). Parents outside the set are left out. */
  readonly include?: ReadonlySet<string>;
  /** Images drawn emphasized (the page's own image). */
  readonly highlight?: ReadonlySet<string>;
  /** The link of an image's node, or undefined for none. */
  readonly href?: (image: string) => string | undefined;
  /** An accessible title for the drawing. */
  readonly title?: string;
}

interface Box {
  readonly key: string;
  readonly label: string;
  readonly sub: string;
  readonly image: string | null;
  readonly children: Box[];
  column: number;
  row: number;
}

const CHAR_WIDTH = 7.2;
const BOX_HEIGHT = 38;
const ROW_GAP = 14;
const COLUMN_GAP = 48;
const PADDING = 10;

/**
 * The hierarchy as an inline SVG: parents left of their children, one column per level, each tree
 * laid out so a parent sits at the middle of its children. External bases are dashed boxes.
 * Deterministic: graph order decides rows.
 */
export function lineageSvg(graph: CatalogGraph, options: LineageOptions = {}): string {
  const roots = buildBoxes(graph, options.include);
  let nextRow = 0;
  const place = (box: Box, column: number): void => {
    box.column = column;
    for (const child of box.children) place(child, column + 1);
    const first = box.children[0];
    const last = box.children[box.children.length - 1];
    box.row = first && last ? (first.row + last.row) / 2 : nextRow++;
  };
  for (const root of roots) place(root, 0);
  const all = flatten(roots);
  const columns = Math.max(0, ...all.map((b) => b.column)) + 1;
  const widths = Array.from({ length: columns }, (_, c) =>
    Math.max(90, ...all.filter((b) => b.column === c).map((b) => textWidth(b) + 2 * PADDING)),
  );
  const xs = widths.map((_, c) => widths.slice(0, c).reduce((sum, w) => sum + w + COLUMN_GAP, PADDING));
  const at = (b: Box) => ({
    x: xs[b.column] ?? 0,
    y: PADDING + b.row * (BOX_HEIGHT + ROW_GAP),
    w: widths[b.column] ?? 0,
  });
  const width = (xs[columns - 1] ?? 0) + (widths[columns - 1] ?? 0) + PADDING;
  const height = PADDING * 2 + Math.max(1, nextRow) * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;
  const edges = all.flatMap((parent) => parent.children.map((child) => edge(at(parent), at(child))));
  const boxes = all.map((b) => drawBox(b, at(b), options));
  const title = escapeHtml(options.title ?? 'Image lineage');
  return [
    `<svg class="lineage" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${title}" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" height="${round(height)}">`,
    `<title>${title}</title>`,
    ...edges,
    ...boxes,
    '</svg>',
  ].join('\n');
}

function buildBoxes(graph: CatalogGraph, include: ReadonlySet<string> | undefined): Box[] {
  const shown = (node: CatalogNode): boolean => !include || include.has(node.id);
  const make = (node: CatalogNode): Box => ({
    key: node.id,
    label: node.id,
    sub: node.kind,
    image: node.image,
    children: graph.children(node.id).filter(shown).map(make),
    column: 0,
    row: 0,
  });
  const roots: Box[] = [];
  const externals = new Map<string, Box>();
  for (const node of graph.order) {
    if (!shown(node)) continue;
    const parent = graph.parentOf(node.id);
    if (parent && shown(parent)) continue;
    const box = make(node);
    const ref = node.parent?.type === 'external' ? node.parent.ref : undefined;
    if (ref === undefined) {
      roots.push(box);
      continue;
    }
    let external = externals.get(ref);
    if (!external) {
      external = { key: ref, label: ref, sub: 'external', image: null, children: [], column: 0, row: 0 };
      externals.set(ref, external);
      roots.push(external);
    }
    external.children.push(box);
  }
  return roots;
}

function flatten(boxes: readonly Box[]): Box[] {
  return boxes.flatMap((b) => [b, ...flatten(b.children)]);
}

function textWidth(box: Box): number {
  return Math.max(box.label.length, box.sub.length) * CHAR_WIDTH;
}

function round(n: number): string {
  return String(Math.round(n * 10) / 10);
}

interface Point {
  readonly x: number;
  readonly y: number;
  readonly w: number;
}

function edge(from: Point, to: Point): string {
  const x1 = from.x + from.w;
  const y1 = from.y + BOX_HEIGHT / 2;
  const x2 = to.x;
  const y2 = to.y + BOX_HEIGHT / 2;
  const mid = (x1 + x2) / 2;
  const d = `M${round(x1)},${round(y1)} C${round(mid)},${round(y1)} ${round(mid)},${round(y2)} ${round(x2)},${round(y2)}`;
  return `<path class="edge" d="${d}" fill="none" stroke="#8a94a6" stroke-width="1.5"/>`;
}

function drawBox(box: Box, p: Point, options: LineageOptions): string {
  const classes = ['node', box.image === null ? 'external' : `kind-${box.sub}`];
  if (box.image !== null && options.highlight?.has(box.image)) classes.push('current');
  const data = box.image === null ? '' : ` data-image="${escapeHtml(box.image)}"`;
  const dash = box.image === null ? ' stroke-dasharray="4 3"' : '';
  const shape = [
    `<rect x="${round(p.x)}" y="${round(p.y)}" width="${round(p.w)}" height="${BOX_HEIGHT}" rx="6" fill="#ffffff" stroke="#44546a"${dash}/>`,
    `<text x="${round(p.x + PADDING)}" y="${round(p.y + 16)}" font-size="12" font-family="monospace">${escapeHtml(box.label)}</text>`,
    `<text x="${round(p.x + PADDING)}" y="${round(p.y + 31)}" font-size="10" fill="#5b6575">${escapeHtml(box.sub)}</text>`,
  ].join('');
  const href = box.image === null ? undefined : options.href?.(box.image);
  const inner = href ? `<a href="${escapeHtml(href)}">${shape}</a>` : shape;
  return `<g class="${classes.join(' ')}" data-node="${escapeHtml(box.key)}"${data}>${inner}</g>`;
}
