import type { BuilderAdapter, BuilderSettings } from '../types.js';
import { containersAdapter } from './containers-common.js';

/** What buildah needs on containerised machines (no overlay, no user namespaces). */
export const BUILDAH_DEFAULTS: BuilderSettings = { storageDriver: 'vfs', isolation: 'chroot' };

/**
 * buildah: daemonless; a parent built earlier into the same storage is found by FROM without a
 * registry; exports with `buildah push --format oci <image> oci:<dir>`.
 */
export function buildahAdapter(settings: BuilderSettings = {}): BuilderAdapter {
  return containersAdapter('buildah', { ...BUILDAH_DEFAULTS, ...definedOnly(settings) });
}

/** The settings without keys whose value is undefined, so they do not hide defaults when spread. */
export function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
