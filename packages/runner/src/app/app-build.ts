import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Builder, BuildHooks, BuildRequest } from '@catalog/builders';
import {
  type Catalog,
  type CatalogGraph,
  CatalogToolError,
  catalogMirrorArgs,
  digestReference,
  repositoryOf,
  resolveAppBase,
  S2I_SOURCE_FOLDER,
  type S2iBuilder,
  s2iBuilderOf,
  s2iDockerfile,
  UsageError,
} from '@catalog/core';
import { type RegistryClient, RegistryError } from '@catalog/registry';
import { copyContext } from '../copy-context.js';

/** What an S2I app build reads and runs: the registry (builder image) and the builder (buildah...). */
export interface AppBuildPorts {
  readonly registry: Pick<RegistryClient, 'getManifest' | 'imageConfig'>;
  readonly builder: Pick<Builder, 'build'>;
}

export interface AppBuildInput {
  readonly catalog: Catalog;
  readonly graph: CatalogGraph;
  /** The source folder, absolute, and as the user wrote it (messages, the source-location label). */
  readonly source: string;
  readonly sourceShown: string;
  /** `--from IMAGE[:TAG]`, resolved like init-app's. */
  readonly from: string;
  /** The local image name of the result (`--tag`). */
  readonly tag: string;
  /** The working folder: the build context is written to `<work>/<tag>/` (replaced each time). */
  readonly work: string;
  /** Folders never copied from the source (the working folder when it is inside). */
  readonly skip: readonly string[];
  /** Build args from the environment (mirror overrides: `MIRROR_PYPI`). */
  readonly buildArgOverrides: Readonly<Record<string, string>>;
  readonly tlsVerify: boolean;
  readonly authFile?: string;
  readonly hooks?: BuildHooks;
}

export interface AppBuildResult {
  readonly image: string;
  readonly imageId: string | undefined;
  readonly builder: S2iBuilder;
  readonly contextDir: string;
  readonly durationMs: number;
}

/** The S2I build itself failed (assemble exited non-zero, the builder could not pull...). */
export class AppBuildFailedError extends CatalogToolError {
  readonly exitCode = 1;
}

const TAG_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

/**
 * `catalog app build`: the Source-to-Image build OpenShift runs, with the catalog's builder. Resolves
 * `--from` to a catalog image, reads its S2I labels from the registry (pinning it by digest), writes
 * the build context (the generated Dockerfile and a copy of the source under `src/`) and builds it:
 * the source is copied into the builder image and its `assemble` script run; `run` is the command.
 */
export async function appBuild(input: AppBuildInput, ports: AppBuildPorts): Promise<AppBuildResult> {
  if (!TAG_PATTERN.test(input.tag)) {
    throw new UsageError(
      `invalid --tag "${input.tag}"`,
      'use an image name of lower-case letters, digits and ".", "_", "-" (optionally /path and :tag), e.g. hello-s2i',
    );
  }
  await checkSource(input.source, input.sourceShown);
  const base = resolveAppBase(input.catalog, input.graph, input.from);
  const fetched = await ports.registry.getManifest(base.reference).catch((error: unknown) => {
    if (!(error instanceof RegistryError && error.kind === 'not-found')) throw error;
    throw new AppBuildFailedError(
      `${base.reference} (${base.node.id}) is not in the registry`,
      `publish it first (catalog build ${base.node.id} --ancestors --push), or point --registry at the registry that holds it`,
    );
  });
  const pinned = digestReference(repositoryOf(input.catalog.registry, base.node.image), fetched.digest);
  const builder = s2iBuilderOf(base.reference, pinned, await ports.registry.imageConfig(pinned));
  const contextDir = join(input.work, input.tag.replace(/[/:]/g, '_'));
  await rm(contextDir, { recursive: true, force: true });
  await mkdir(contextDir, { recursive: true });
  const buildArgs = catalogMirrorArgs(input.catalog);
  await writeFile(
    join(contextDir, 'Dockerfile'),
    s2iDockerfile({ builder, sourceLocation: input.sourceShown, buildArgs }),
  );
  await copyContext(
    input.source,
    join(contextDir, S2I_SOURCE_FOLDER),
    [...input.skip, contextDir],
    async (path) => basename(path) !== '.git',
  );
  const declared = new Set(buildArgs.map((arg) => arg.name));
  const request: BuildRequest = {
    contextDir,
    dockerfile: join(contextDir, 'Dockerfile'),
    image: input.tag,
    buildArgs: Object.fromEntries(Object.entries(input.buildArgOverrides).filter(([name]) => declared.has(name))),
    iidFile: join(contextDir, 'image.iid'),
    pull: 'missing',
    tlsVerify: input.tlsVerify,
    ...(input.authFile === undefined ? {} : { authFile: input.authFile }),
    layers: false,
  };
  const result = await ports.builder.build(request, input.hooks);
  if (!result.ok) {
    throw new AppBuildFailedError(
      `the S2I build of ${input.sourceShown} on ${base.reference} failed (${result.aborted ? 'stopped' : `exit ${result.exitCode}`}):\n${result.tail.join('\n')}`,
      `see the assemble output above; the build context is in ${contextDir}`,
    );
  }
  return { image: input.tag, imageId: result.imageId, builder, contextDir, durationMs: result.durationMs };
}

async function checkSource(source: string, shown: string): Promise<void> {
  const found = await stat(source).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
    throw error;
  });
  if (found === undefined) {
    throw new UsageError(
      `source folder ${shown} does not exist`,
      'pass the folder holding the app (app.py, requirements.txt), e.g. catalog app build ./my-app --from flask --tag my-app',
    );
  }
  if (!found.isDirectory()) {
    throw new UsageError(`source ${shown} is not a folder`, 'pass the folder holding the app, not a file in it');
  }
}
