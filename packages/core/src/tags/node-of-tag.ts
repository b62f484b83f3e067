import type { CatalogNode } from '../catalog/model.js';
import { fullVersionTag } from '../names/names.js';
import type { TagPlan } from './compute.js';
import { IMMUTABLE_TAIL } from './rules.js';

/** Which node of an image a tag names: a rolling tag of its tag plan, or one of its `-rN` tags. */
export type TagOwner =
  | { readonly kind: 'rolling'; readonly node: CatalogNode }
  | { readonly kind: 'revision'; readonly node: CatalogNode; readonly revision: number };

/**
 * The node of `nodes` (one image's) that `tag` belongs to: the node whose rolling tags (from `plan`)
 * include it, else the node whose full version tag the `-rN` tag starts with; undefined when the
 * tag is neither (a version the catalog no longer has, or a typo).
 */
export function tagOwner(plan: TagPlan, nodes: readonly CatalogNode[], tag: string): TagOwner | undefined {
  const rolling = nodes.find((n) => plan.get(n.id)?.rolling.includes(tag));
  if (rolling) return { kind: 'rolling', node: rolling };
  const match = IMMUTABLE_TAIL.exec(tag);
  if (match === null) return undefined;
  const node = nodes.find((n) => tag.slice(0, match.index) === fullVersionTag(n));
  return node ? { kind: 'revision', node, revision: Number(match[1]) } : undefined;
}
