import type { Cosign, CosignSettings } from '@catalog/builders';
import type { LoadedCatalog } from '@catalog/core';
import { type BuilderAuth, builderAuth } from '../builder-auth.js';
import { type CliIo, writeLine } from '../io.js';
import { cosignFor, withRegistryAuth } from '../signing.js';
import type { PublishOptions } from './publish-options.js';

/** How `catalog publish` signs the image indexes it pushes; `remove` deletes cosign's temporary auth file. */
export interface PublishSigning {
  /** cosign's settings; absent when signing is off (`--no-sign`, CATALOG_SIGNING=off, `signing: off`). */
  readonly settings?: CosignSettings;
  /** The cosign that makes the key (when generated) and prints the notice before its first command. */
  announcing(cosign: Cosign): Cosign;
  remove(): Promise<void>;
}

/**
 * The signing of `build --push` (same settings, same key or keyless identity) for the indexes
 * publish pushes: cosign runs with the registry credentials catalog uses (a temporary auth file as
 * its DOCKER_CONFIG). A key to generate is made, and the notice printed, when the first index is
 * signed: a publish that pushes no index needs no cosign. A dry run records cosign's commands.
 */
export async function publishSigning(
  loaded: LoadedCatalog & { root: string },
  options: Pick<PublishOptions, 'sign' | 'dryRun'>,
  io: CliIo,
): Promise<PublishSigning> {
  const signing = await cosignFor(
    loaded,
    { ...(options.sign === false ? { sign: false } : {}), dryRun: options.dryRun ?? false, deferKey: true },
    io,
  );
  if (!signing.cosign) {
    for (const line of signing.notice) writeLine(io.stderr, `catalog: ${line}`);
    return { announcing: (cosign) => cosign, remove: async () => {} };
  }
  const auth: BuilderAuth = await builderAuth(loaded.catalog.registry, [], io, options.dryRun);
  const settings = withRegistryAuth(signing.cosign, auth.authFile) ?? signing.cosign;
  let announced: Promise<void> | undefined;
  const announce = () => {
    announced ??= (async () => {
      const lines = signing.prepare ? await signing.prepare() : signing.notice;
      for (const line of lines) writeLine(io.stderr, `catalog: ${line}`);
    })();
    return announced;
  };
  return {
    settings,
    announcing: (cosign) => ({
      sign: async (reference, runOptions) => {
        await announce();
        await cosign.sign(reference, runOptions);
      },
      attest: async (reference, file, type, runOptions) => {
        await announce();
        await cosign.attest(reference, file, type, runOptions);
      },
    }),
    remove: () => auth.remove(),
  };
}
