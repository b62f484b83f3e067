import { resolve } from 'node:path';
import { digestReference, type LoadedCatalog, mergeReports, repositoryOf, UsageError } from '@catalog/core';
import { type BuildRunSettings, readReports } from '@catalog/runner';
import { HOST_PLATFORM } from '../host-platform.js';
import type { CliIo } from '../io.js';
import { shownPath } from './publish-files.js';

/** This machine's platform (`linux/amd64`): what its builds are for. */
export function hostPlatform(): string {
  return HOST_PLATFORM;
}

/**
 * `build --parents-from REPORT...`: the images of parents other machines built (and pushed by
 * digest, untagged) for this machine's platform, read from their reports with the checks of
 * `catalog publish` (same commit, same registry, one digest per node and platform).
 */
export async function parentsBuiltElsewhere(
  loaded: LoadedCatalog,
  paths: readonly string[],
  settings: Pick<BuildRunSettings, 'registry' | 'revision' | 'platform'>,
  io: CliIo,
): Promise<Map<string, { digest: string; pullRef: string }>> {
  const reports = await readReports(
    paths.map((p) => resolve(io.cwd, p)),
    (file) => shownPath(io.cwd, file),
  );
  const merged = mergeReports(reports, {
    revision: settings.revision,
    registry: settings.registry,
    expected: [],
    has: (id) => loaded.graph.has(id),
  });
  const parents = new Map<string, { digest: string; pullRef: string }>();
  for (const [id, images] of merged.complete) {
    const image = images.find((i) => i.platform === settings.platform);
    if (!image) continue;
    const repository = repositoryOf(settings.registry, loaded.graph.node(id).image);
    parents.set(id, { digest: image.digest, pullRef: digestReference(repository, image.digest) });
  }
  if (parents.size === 0)
    throw new UsageError(
      `--parents-from: the reports hold no image built for ${settings.platform}`,
      'pass the reports of the machines that built the parents for this platform',
    );
  return parents;
}
