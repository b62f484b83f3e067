import { relative, resolve } from 'node:path';
import { type Builder, createBuilder, detectBuilder } from '@catalog/builders';
import { tlsVerifyFor } from '@catalog/registry';
import { appBuild } from '@catalog/runner';
import type { Command } from 'commander';
import { builderSettings, mirrorOverrides } from '../build-environment.js';
import { authFileOf, builderAuth } from '../builder-auth.js';
import { withCommandSignal } from '../command-signal.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { APP_BUILD_DIR, type AppBuildOptions } from './app-options.js';

export async function appBuildAction(
  src: string,
  options: AppBuildOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const loaded = await loadCatalogFile(globals, io);
  const { catalog } = loaded;
  // Found when the build starts: a missing source or a wrong --from is reported without a builder.
  const builder = {
    build: async (...args: Parameters<Builder['build']>) => {
      const detected = await detectBuilder(options.builder ?? catalog.builder.name);
      return createBuilder(detected.name, { ...builderSettings(catalog, io), binary: detected.binary }).build(...args);
    },
  };
  const work = resolve(loaded.root, APP_BUILD_DIR);
  const result = await withCommandSignal(async (signal) => {
    const auth = await builderAuth(catalog.registry, [], io);
    try {
      return await appBuild(
        {
          catalog,
          graph: loaded.graph,
          source: resolve(io.cwd, src),
          sourceShown: src,
          from: options.from,
          tag: options.tag,
          work,
          skip: [resolve(loaded.root, 'out')],
          buildArgOverrides: mirrorOverrides(catalog, io),
          tlsVerify: tlsVerifyFor(catalog.registry, io.env),
          ...authFileOf(auth),
          hooks: {
            signal,
            // The builder's output is the build log: to stderr, so stdout carries only the result.
            onLine: (line) => writeLine(io.stderr, line),
          },
        },
        { registry: registryClient(io, signal), builder },
      );
    } finally {
      await auth.remove();
    }
  });
  if (globals.json) {
    return writeJson(io.stdout, {
      image: result.image,
      imageId: result.imageId ?? null,
      builder: result.builder.pinned,
      from: result.builder.reference,
      context: result.contextDir,
    });
  }
  writeLine(io.stdout, `built ${result.image} from ${src} on ${result.builder.reference} (S2I)`);
  writeLine(io.stdout, `  builder: ${result.builder.pinned}`);
  writeLine(io.stdout, `  context: ${relative(io.cwd, result.contextDir) || '.'}`);
  writeLine(io.stdout, `run: podman run --rm -e PORT=8080 -p 8080:8080 ${result.image}`);
}
