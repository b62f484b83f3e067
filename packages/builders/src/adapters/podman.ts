import type { BuilderAdapter, BuilderSettings } from '../types.js';
import { containersAdapter } from './containers-common.js';

/**
 * podman: buildah's build code behind podman's CLI; daemonless, sees local parents, exports with
 * `podman push --format oci <image> oci:<dir>`. Its default storage driver and isolation are used
 * unless settings give them. (`podman run` fails on these machines; `podman build` is not needed by
 * the default builder.)
 */
export function podmanAdapter(settings: BuilderSettings = {}): BuilderAdapter {
  return containersAdapter('podman', settings);
}
