import { closestMatch } from '../util/did-you-mean.js';
import { type ImageSpec, nodeId, type ParentRef } from './model.js';
import { looksExternal, parseImageReference } from './reference.js';

export interface ParentProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
}

/** A resolved parent, or why it cannot be resolved (no problem: the parent image is itself invalid, already reported). */
export type ParentResolution = ParentRef | { readonly problem: ParentProblem | undefined };

export interface ParentContext {
  readonly imagesByName: ReadonlyMap<string, ImageSpec>;
  readonly invalidImages: ReadonlySet<string>;
}

const problem = (code: string, message: string, hint?: string): ParentResolution => ({
  problem: { code, message, ...(hint ? { hint } : {}) },
});

/** Resolves a `from:` value to a node of the catalog or a pinned external image. */
export function resolveParent(text: string, context: ParentContext): ParentResolution {
  if (looksExternal(text)) return resolveExternal(text);
  const colon = text.indexOf(':');
  const name = colon >= 0 ? text.slice(0, colon) : text;
  if (context.invalidImages.has(name)) return { problem: undefined };
  const image = context.imagesByName.get(name);
  if (!image) {
    const near = closestMatch(name, context.imagesByName.keys());
    if (near) {
      const names = [...context.imagesByName.keys()];
      const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
      return problem(
        'unknown-parent',
        `unknown image "${name}"; did you mean "${near}"?`,
        `images of this catalog: ${shown}`,
      );
    }
    const hint = `external parents are fully qualified, e.g. docker.io/library/${text}`;
    return problem('unknown-parent', `unknown image "${name}" in this catalog`, hint);
  }
  if (image.kind === 'app') {
    return problem(
      'app-parent',
      `"${name}" is an app; apps cannot be parents`,
      'build on a framework or runtime image, or change its kind',
    );
  }
  const versions = image.versions.map((v) => v.version);
  if (colon < 0)
    return problem(
      'unpinned-parent',
      `parent "${text}" names no version`,
      `write ${name}:<version>, one of: ${versions.join(', ')}`,
    );
  return resolveNodeRef(image, text.slice(colon + 1));
}

function resolveNodeRef(image: ImageSpec, rest: string): ParentResolution {
  const version = image.versions.find((v) => v.version === rest);
  if (version) {
    if (image.variants.length === 0) return { type: 'node', id: nodeId(image.name, rest, null) };
    const fallback = image.variants.find((v) => v.isDefault);
    if (!fallback) {
      const names = image.variants.map((v) => `${image.name}:${rest}-${v.name}`);
      return problem(
        'unknown-parent-variant',
        `"${image.name}" has variants and none is the default`,
        `name one: ${names.join(', ')}`,
      );
    }
    return variantNode(image, version, fallback.name);
  }
  // Longest variant names first, so `a-b` wins over `b` as a suffix.
  const variants = [...image.variants].sort((a, b) => b.name.length - a.name.length);
  for (const variant of variants) {
    if (!rest.endsWith(`-${variant.name}`)) continue;
    const versionText = rest.slice(0, -variant.name.length - 1);
    const match = image.versions.find((v) => v.version === versionText);
    if (match) return variantNode(image, match, variant.name);
  }
  return unknownVersion(image, rest);
}

function variantNode(image: ImageSpec, version: ImageSpec['versions'][number], variant: string): ParentResolution {
  if (version.variants && !version.variants.includes(variant)) {
    const message = `"${image.name}:${version.version}" is not built in variant "${variant}"`;
    return problem('unknown-parent-variant', message, `its variants: ${version.variants.join(', ')}`);
  }
  return { type: 'node', id: nodeId(image.name, version.version, variant) };
}

function unknownVersion(image: ImageSpec, rest: string): ParentResolution {
  const versions = image.versions.map((v) => v.version);
  const variantNames = image.variants.map((v) => v.name);
  const dash = rest.lastIndexOf('-');
  if (dash > 0 && versions.includes(rest.slice(0, dash))) {
    const variant = rest.slice(dash + 1);
    const near = closestMatch(variant, variantNames);
    const message = `image "${image.name}" has no variant "${variant}"${near ? `; did you mean "${near}"?` : ''}`;
    return problem('unknown-parent-variant', message, `variants: ${variantNames.join(', ') || 'none'}`);
  }
  const near = closestMatch(rest, versions);
  const message = `image "${image.name}" has no version "${rest}"${near ? `; did you mean "${near}"?` : ''}`;
  return problem('unknown-parent-version', message, `versions: ${versions.join(', ')}`);
}

function resolveExternal(text: string): ParentResolution {
  const reference = parseImageReference(text);
  if (!reference) {
    return problem(
      'invalid-reference',
      `"${text}" is not a valid image reference`,
      'expected [registry/]repository:tag or repository@sha256:<digest>',
    );
  }
  if (!reference.tag && !reference.digest) {
    return problem(
      'unpinned-parent',
      `external parent "${text}" has no tag or digest`,
      `pin it, e.g. ${text}:<tag> or ${text}@sha256:<digest>`,
    );
  }
  if (reference.tag === 'latest' && !reference.digest) {
    return problem(
      'latest-parent',
      `external parent "${text}" uses "latest"`,
      'pin a version tag or a digest; latest moves without notice',
    );
  }
  return { type: 'external', ref: text };
}
