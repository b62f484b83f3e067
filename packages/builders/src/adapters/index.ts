import type { BuilderAdapter, BuilderName, BuilderSettings } from '../types.js';
import { buildahAdapter } from './buildah.js';
import { dockerAdapter } from './docker.js';
import { kanikoAdapter } from './kaniko.js';
import { podmanAdapter } from './podman.js';

export { BUILDAH_DEFAULTS, buildahAdapter } from './buildah.js';
export { dockerAdapter } from './docker.js';
export { kanikoAdapter } from './kaniko.js';
export { podmanAdapter } from './podman.js';

const FACTORIES: Record<BuilderName, (settings: BuilderSettings) => BuilderAdapter> = {
  buildah: buildahAdapter,
  podman: podmanAdapter,
  docker: dockerAdapter,
  kaniko: kanikoAdapter,
};

/** The argv adapter of a builder, with its settings applied. */
export function createAdapter(name: BuilderName, settings: BuilderSettings = {}): BuilderAdapter {
  return FACTORIES[name](settings);
}
