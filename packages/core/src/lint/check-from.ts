import { type DockerfileModel, position, type Stage } from './dockerfile-model.js';
import type { RuleHit } from './rules.js';
import type { LintOptions } from './types.js';

/** `from-latest` and `from-digest`: base images must be pinned. */
export function checkFrom(model: DockerfileModel, options: LintOptions): RuleHit[] {
  const hits: RuleHit[] = [];
  for (const stage of model.stages) {
    const hit = checkStage(stage, options);
    if (hit) hits.push(hit);
  }
  return hits;
}

function checkStage(stage: Stage, options: LintOptions): RuleHit | undefined {
  const raw = stage.from.getImage();
  const image = stage.image;
  if (raw === null || image === undefined || image === '') return undefined;
  if (image.toLowerCase() === 'scratch' || stage.parent !== undefined) return undefined;
  const at = position((stage.from.getImageRange() ?? stage.from.getRange()).start);
  const subject = raw === image ? `FROM ${image}` : `FROM ${raw} (ARG default ${image})`;
  const { name, tag, digest } = splitReference(image);
  if (digest !== undefined) return undefined;
  if (tag === undefined) {
    const message = `${subject} has no tag, so it means ${name}:latest; pin a version tag`;
    return { rule: 'from-latest', ...at, message };
  }
  if (tag === 'latest') {
    return { rule: 'from-latest', ...at, message: `${subject} uses the mutable latest tag; pin a version tag` };
  }
  if (options.requireDigest) {
    const message = `${subject} is pinned by a mutable tag; add a digest (${image}@sha256:...)`;
    return { rule: 'from-digest', ...at, message };
  }
  return undefined;
}

/** Splits `name[:tag][@digest]`; a colon before the last `/` belongs to a registry port. */
export function splitReference(reference: string): { name: string; tag?: string; digest?: string } {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const rest = at >= 0 ? reference.slice(0, at) : reference;
  const colon = rest.lastIndexOf(':');
  if (colon <= rest.lastIndexOf('/')) return { name: rest, ...(digest ? { digest } : {}) };
  return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), ...(digest ? { digest } : {}) };
}
