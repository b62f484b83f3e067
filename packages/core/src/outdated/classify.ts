import type { Catalog, CatalogNode } from '../catalog/model.js';
import { parseImageReference } from '../catalog/reference.js';
import type { Diagnostic } from '../diagnostics.js';
import { repositoryOf } from '../names/names.js';
import type { TagPlan } from '../tags/compute.js';
import { tagOwner } from '../tags/node-of-tag.js';
import { isImmutableTag } from '../tags/rules.js';
import { closestMatch } from '../util/did-you-mean.js';
import type { WrittenReference } from './image-references.js';

/**
 * How a reference is pinned: `revision` (an immutable `-rN` tag), `rolling` (a tag that moves:
 * `3.13`, `3.13.5`, `latest`), `digest` (`@sha256:…`, with or without a tag).
 */
export type PinKind = 'revision' | 'rolling' | 'digest';

/** A reference to one of the catalog's images. */
export interface OurReference {
  readonly written: WrittenReference;
  readonly image: string;
  /** `<registry>/<image>`. */
  readonly repository: string;
  readonly tag: string | undefined;
  readonly digest: string | undefined;
  readonly pin: PinKind;
  /** The node the tag names; undefined for a digest alone (the registry tells) or a retired tag. */
  readonly node: CatalogNode | undefined;
  /** The tag names a version the catalog no longer has (the image is still in the catalog). */
  readonly retired: boolean;
}

export type ClassifiedReference =
  | { readonly type: 'foreign'; readonly written: WrittenReference }
  | { readonly type: 'error'; readonly written: WrittenReference; readonly diagnostic: Diagnostic }
  | ({ readonly type: 'ours' } & OurReference);

/**
 * Whether a written reference names the catalog's registry (`catalog.registry`, e.g.
 * `localhost:5000/acme`), and if so which image, node and pin. Problems are diagnostics with the
 * reference's position and a fix: a FROM written with build args, a FROM of an image the catalog
 * does not have, a reference that does not parse, a manifest's templated `image:` of a catalog
 * image. A manifest's `image:` of another image on the registry is the app's own: not checked.
 */
export function classifyReference(catalog: Catalog, plan: TagPlan, written: WrittenReference): ClassifiedReference {
  const prefix = `${catalog.registry}/`;
  if (written.variable) return classifyVariable(catalog, written, prefix);
  if (!written.text.startsWith(prefix)) return { type: 'foreign', written };
  const parsed = parseImageReference(written.text);
  const image = parsed ? written.text.slice(prefix.length).split(/[:@]/)[0] : undefined;
  if (!parsed || image === undefined || image.includes('/') || image === '') {
    const message = `"${written.text}" is not an image reference of the form ${prefix}<image>:<tag>`;
    return problem(written, 'outdated-bad-reference', message, `write ${prefix}<image>:<tag> (see \`catalog tags\`)`);
  }
  const nodes = catalog.nodes.filter((n) => n.image === image);
  // A manifest's image: on the registry that is not a catalog image is the app's own image.
  if (nodes.length === 0 && written.source === 'image') return { type: 'foreign', written };
  if (nodes.length === 0) return unknownImage(catalog, written, image);
  const repository = repositoryOf(catalog.registry, image);
  const { tag, digest } = parsed;
  const base = { type: 'ours' as const, written, image, repository, tag, digest };
  if (tag === undefined) {
    if (digest !== undefined) return { ...base, pin: 'digest', node: undefined, retired: false };
    const message = `${written.text} has no tag, so it means ${image}:latest`;
    return problem(
      written,
      'outdated-no-tag',
      message,
      `pin a tag: ${repository}:<tag> (see \`catalog tags ${image}\`)`,
    );
  }
  const owner = tagOwner(plan, nodes, tag);
  const immutable = owner ? owner.kind === 'revision' : isImmutableTag(tag);
  const pin: PinKind = digest !== undefined ? 'digest' : immutable ? 'revision' : 'rolling';
  return { ...base, pin, node: owner?.node, retired: owner === undefined };
}

function classifyVariable(catalog: Catalog, written: WrittenReference, prefix: string): ClassifiedReference {
  const expanded = written.variable?.expanded;
  const ours = (expanded ?? written.text).startsWith(prefix) || written.text.includes(prefix);
  const catalogImage = catalog.images.some((i) => written.text.includes(`${prefix}${i.name}:`));
  if (written.source === 'image' && !catalogImage) return { type: 'foreign', written };
  if (written.source === 'FROM' && expanded !== undefined && !ours) return { type: 'foreign', written };
  const value = expanded === undefined ? 'no default' : `default ${expanded}`;
  const message =
    written.source === 'FROM'
      ? `FROM ${written.text} depends on a build arg (${value}): the image is chosen at build time, so it cannot be checked`
      : `image ${written.text} is a template variable: the image is chosen when the manifest is rendered, so it cannot be checked`;
  const fix = `write the reference itself, e.g. ${prefix}<image>:<version>-rN (see \`catalog tags\`), or check the rendered file`;
  return problem(written, 'outdated-variable', message, fix);
}

function unknownImage(catalog: Catalog, written: WrittenReference, image: string): ClassifiedReference {
  const names = catalog.images.map((i) => i.name);
  const near = closestMatch(image, names);
  const message = `${written.text}: no image "${image}" in the catalog${near ? `; did you mean "${near}"?` : ''}`;
  return problem(written, 'outdated-unknown-image', message, `use one of the catalog's images: ${names.join(', ')}`);
}

export function problem(written: WrittenReference, code: string, message: string, hint: string) {
  const position = { file: written.file, line: written.line, column: written.column };
  const diagnostic: Diagnostic = { code, severity: 'error', file: written.file, position, message, hint };
  return { type: 'error' as const, written, diagnostic };
}
