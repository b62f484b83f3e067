import type { BuilderSettings } from './types.js';

/** Environment variables that tune builders on a machine without touching the command line. */
export const BUILDER_ENV = {
  storageDriver: 'CATALOG_BUILDAH_STORAGE_DRIVER',
  isolation: 'CATALOG_BUILDAH_ISOLATION',
  extraArgs: 'CATALOG_BUILDER_EXTRA_ARGS',
} as const;

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** Splits a space-separated argument list (no quoting: one argument per word). */
export function splitArgs(value: string | undefined): string[] {
  return (value ?? '').split(/\s+/).filter((word) => word !== '');
}

/**
 * Builder settings from the environment, under those given explicitly: a value in `base` (from the
 * command line or configuration) wins over the environment's; empty variables count as unset.
 * Extra args concatenate, the environment's first, so an explicit flag given later overrides.
 * Unset values stay undefined so the adapter's defaults (buildah: vfs, chroot) apply.
 */
export function builderSettingsFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  base: BuilderSettings = {},
): BuilderSettings {
  const extraArgs = [...splitArgs(env[BUILDER_ENV.extraArgs]), ...(base.extraArgs ?? [])];
  const settings: {
    -readonly [K in keyof BuilderSettings]: BuilderSettings[K];
  } = { ...base };
  const storageDriver = base.storageDriver ?? nonEmpty(env[BUILDER_ENV.storageDriver]);
  const isolation = base.isolation ?? nonEmpty(env[BUILDER_ENV.isolation]);
  if (storageDriver !== undefined) settings.storageDriver = storageDriver;
  if (isolation !== undefined) settings.isolation = isolation;
  if (extraArgs.length > 0) settings.extraArgs = extraArgs;
  return settings;
}
