import { BuilderError } from '../errors.js';
import type { BuilderAdapter, BuilderSettings } from '../types.js';
import { buildahEngine } from './buildah.js';
import { dockerEngine } from './docker.js';
import type { BuilderEngine } from './engine.js';
import { kanikoEngine } from './kaniko.js';
import { podmanEngine } from './podman.js';

export { BUILDAH_DEFAULTS, buildahEngine, buildahSmokeArgv } from './buildah.js';
export { dockerEngine } from './docker.js';
export type {
  BuilderEngine,
  EngineCommands,
  EngineRequirement,
  ProbeFn,
  SmokeCommands,
  SmokeTestSource,
  SmokeTestSpec,
  WhichFn,
} from './engine.js';
export { kanikoEngine } from './kaniko.js';
export { podmanEngine } from './podman.js';

/**
 * The registry: every engine catalog can build with, in the order detection tries them. It is the
 * one list of engine names: the catalog schema's `builder.name`, `--builder` and its help, detection,
 * capability checks, smoke tests and install hints all read it. A new engine is one file in this
 * folder implementing BuilderEngine, and one entry here.
 */
export const ENGINES = [buildahEngine, podmanEngine, dockerEngine, kanikoEngine] as const;

type NamesOf<T extends readonly BuilderEngine[]> = { readonly [K in keyof T]: T[K]['name'] };

/** The engines' names, in detection order. */
export const BUILDER_NAMES = ENGINES.map((engine) => engine.name) as unknown as NamesOf<typeof ENGINES>;
export type BuilderName = (typeof BUILDER_NAMES)[number];

export function isBuilderName(name: string): name is BuilderName {
  return (BUILDER_NAMES as readonly string[]).includes(name);
}

/** The engine of a name. */
export function engineNamed(name: string): BuilderEngine<BuilderName> {
  const engine = ENGINES.find((candidate) => candidate.name === name);
  if (engine === undefined) {
    throw new BuilderError(`unknown builder "${name}"`, `choose one of ${BUILDER_NAMES.join(', ')}`);
  }
  return engine;
}

/** The argv adapter of a builder, with its settings applied. */
export function createAdapter(name: BuilderName, settings: BuilderSettings = {}): BuilderAdapter {
  const engine = engineNamed(name);
  return {
    name: engine.name,
    capabilities: engine.capabilities,
    exportsDuringBuild: engine.exportsDuringBuild,
    buildEnv: () => ({}),
    ...engine.commands(settings),
  };
}
