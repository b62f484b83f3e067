import type { BuilderError } from '../errors.js';
import type { BuilderCapabilities, BuilderSettings, BuildRequest, ExportRequest } from '../types.js';

/** Resolves an executable to its path, or undefined when it is not installed. */
export type WhichFn = (binary: string) => Promise<string | undefined>;
/** Whether a command runs and exits 0. */
export type ProbeFn = (argv: readonly string[]) => Promise<boolean>;

/** A command to run in an image, and what its output must contain. */
export interface SmokeTestSpec {
  readonly name: string;
  readonly run: readonly string[];
  readonly user?: string;
  readonly expect?: string;
  /**
   * The command always prints something (a package list), even with no `expect`: output that is
   * empty was dropped by the runtime, so it runs once more (see smoke-test.ts).
   */
  readonly printsOutput?: boolean;
}

/** Where the tested image comes from: the builder's storage (after a build) or a registry. */
export interface SmokeTestSource {
  /** `never`: only the local storage (default); `missing`: pull from the registry when absent. */
  readonly pull?: 'never' | 'missing' | 'always';
  /** false for plain-http registries. */
  readonly tlsVerify?: boolean;
  /** A containers-auth.json with the registry's credentials for the pull (`--authfile`). */
  readonly authFile?: string;
}

/** An engine's build, export and remove commands with its settings applied. Every argv starts with the executable. */
export interface EngineCommands {
  /** The executable run: `settings.binary`, else the engine's. */
  readonly binary: string;
  buildArgv(request: BuildRequest): string[];
  /**
   * Environment variables the build command needs besides argv: docker and kaniko read the
   * request's auth file through `DOCKER_CONFIG` (its folder); absent: none.
   */
  buildEnv?(request: BuildRequest): Record<string, string>;
  /** null when the engine exports during the build. */
  exportArgv(request: ExportRequest): string[] | null;
  /** null when the engine keeps no local image. */
  removeArgv(image: string): string[] | null;
}

/**
 * How an engine runs a command in an image, for smoke tests: one command that removes its
 * container itself (`run --rm`), or a working container that is created (its name is the last line
 * the command prints), run in, then removed whatever happened.
 */
export type SmokeCommands =
  | {
      readonly kind: 'run';
      run(image: string, test: SmokeTestSpec): string[];
      /** Environment for the run (docker: `DOCKER_CONFIG` with the pull's credentials). */
      readonly env?: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'container';
      /** `name`: the container's name (catalog names them for its process, see smoke-test.ts). */
      create(image: string, name?: string): string[];
      run(container: string, test: SmokeTestSpec): string[];
      remove(container: string): string[];
      /** Prints the name of every container in the storage, one per line. */
      list(): string[];
    };

/** What detection checks beyond finding the executable. */
export interface EngineRequirement {
  /** Shown where catalog says what it looks for, e.g. "with buildx and a running daemon". */
  readonly description: string;
  /** Why the engine found at `binary` cannot build; undefined when it can. */
  check(binary: string, probe: ProbeFn): Promise<BuilderError | undefined>;
}

/**
 * One image builder engine: everything catalog knows about it lives in its file under engines/,
 * and the registry (engines/index.ts) lists the engines. Nothing outside engines/ names an engine.
 */
export interface BuilderEngine<Name extends string = string> {
  readonly name: Name;
  /** The executable looked up on PATH (or checked, when it is a path) unless settings give `binary`. */
  readonly executable: string;
  /** What to install, or where the engine lives, when its executable is missing. */
  readonly installHint: string;
  readonly capabilities: BuilderCapabilities;
  /** The engine's own wording of a capability it lacks, in place of the generic one. */
  readonly limits?: Partial<Record<keyof BuilderCapabilities, string>>;
  /** true: `buildArgv` writes the OCI layout itself and `exportArgv` returns null. */
  readonly exportsDuringBuild: boolean;
  /** Detection's extra check (docker: buildx and a daemon); absent: found means usable. */
  readonly requirement?: EngineRequirement;
  commands(settings: BuilderSettings): EngineCommands;
  /** null when the engine cannot run images (the smoke tester then refuses with a clear error). */
  smokeCommands(settings: BuilderSettings, source: SmokeTestSource): SmokeCommands | null;
}
