import { buildModel } from '../lint/dockerfile-model.js';

/**
 * The format an image is built and exported in. `oci` (the default) has no field for some
 * Dockerfile instructions: buildah and podman drop HEALTHCHECK, SHELL and ONBUILD from an OCI image
 * config (with a warning). `docker-v2s2` (Docker's image manifest v2, schema 2) keeps them.
 */
export type ImageFormat = 'oci' | 'docker-v2s2';

/** Instructions that only Docker's image config holds. */
const DOCKER_ONLY = ['HEALTHCHECK', 'SHELL', 'ONBUILD'] as const;

export interface ImageFormatDecision {
  readonly format: ImageFormat;
  /** The Docker-only instructions of the image (in the order they come), which make it `docker-v2s2`. */
  readonly keeps: readonly string[];
}

/**
 * The format a rendered Dockerfile needs: `docker-v2s2` when a stage that ends up in the image (the last
 * one and the stages it is built FROM) has a Docker-only instruction, else `oci`.
 */
export function imageFormatOf(dockerfile: string): ImageFormatDecision {
  const model = buildModel(dockerfile);
  const keeps: string[] = [];
  for (const stage of model.stages) {
    if (!model.shipped.has(stage)) continue;
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword().toUpperCase();
      if ((DOCKER_ONLY as readonly string[]).includes(keyword) && !keeps.includes(keyword)) keeps.push(keyword);
    }
  }
  return { format: keeps.length > 0 ? 'docker-v2s2' : 'oci', keeps };
}
