import { availableParallelism } from 'node:os';
import { type BuilderSettings, builderSettingsFromEnv, runProcess } from '@catalog/builders';
import { type Catalog, mirrorBuildArg, mirrorEnvironmentVariable } from '@catalog/core';
import type { CliIo } from './io.js';

/** Builder settings: the environment over the catalog's `builder:` section. */
export function builderSettings(catalog: Catalog, io: CliIo): BuilderSettings {
  const fromEnv = builderSettingsFromEnv(io.env);
  const base = catalog.builder;
  return {
    ...(base.storageDriver ? { storageDriver: base.storageDriver } : {}),
    ...(base.isolation ? { isolation: base.isolation } : {}),
    ...(base.extraArgs ? { extraArgs: [...base.extraArgs] } : {}),
    ...fromEnv,
  };
}

/** Mirror build args set in the environment: CATALOG_MIRROR_PYPI → MIRROR_PYPI. */
export function mirrorOverrides(catalog: Catalog, io: CliIo): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const name of Object.keys(catalog.mirrors)) {
    const value = io.env[mirrorEnvironmentVariable(name)];
    if (value !== undefined && value !== '') overrides[mirrorBuildArg(name)] = value;
  }
  return overrides;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * The source date and revision for labels: SOURCE_DATE_EPOCH and CATALOG_REVISION when set, else
 * the last commit of the catalog's repository, else now and "unknown".
 */
export async function sourceInfo(root: string, io: CliIo): Promise<{ date: Date; revision: string }> {
  const epoch = io.env.SOURCE_DATE_EPOCH;
  const git = async (args: string[]): Promise<string | undefined> => {
    const lines: string[] = [];
    const result = await runProcess(['git', ...args], { cwd: root, onLine: (line) => lines.push(line) }).catch(
      () => undefined,
    );
    return result?.exitCode === 0 ? lines.join('').trim() : undefined;
  };
  const committed = epoch ? undefined : await git(['log', '-1', '--format=%ct']);
  const seconds = Number(epoch ?? committed);
  const date = Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : new Date();
  const revision = io.env.CATALOG_REVISION ?? (await git(['rev-parse', 'HEAD'])) ?? 'unknown';
  return { date, revision };
}
