export {
  BUILDAH_DEFAULTS,
  buildahAdapter,
  createAdapter,
  dockerAdapter,
  kanikoAdapter,
  podmanAdapter,
} from './adapters/index.js';
export type { Builder, BuildHooks, BuildResult, BuildStep, RunFn } from './builder.js';
export { createBuilder, prepareLayoutDir } from './builder.js';
export type { BuildNeeds, CapabilityProblem } from './capabilities.js';
export { assertCapabilities, checkCapabilities, formatCapabilityProblem } from './capabilities.js';
export type { DetectedBuilder, ProbeFn, WhichFn } from './detect.js';
export { BUILDER_BINARIES, commandSucceeds, detectBuilder, findExecutable } from './detect.js';
export { BuilderError } from './errors.js';
export { INSTALL_HINTS, installHint } from './install-hints.js';
export type { OciLayoutImage } from './oci-layout.js';
export { blobPath, readOciConfig, readOciLayout } from './oci-layout.js';
export { formatArgv, REDACTED, redactArgv, shellQuote } from './redact.js';
export type { OutputStream, ProcessResult, RunOptions } from './run-process.js';
export { runProcess } from './run-process.js';
export { type QueryResult, runQuery } from './run-query.js';
export { BUILDER_ENV, builderSettingsFromEnv, splitArgs } from './settings.js';
export {
  buildahSmokeArgv,
  createSmokeTester,
  runRmArgv,
  type SmokeTester,
  type SmokeTestOutcome,
  type SmokeTestSource,
  type SmokeTestSpec,
} from './smoke-test.js';
export type {
  BuilderAdapter,
  BuilderCapabilities,
  BuilderName,
  BuilderSettings,
  BuildRequest,
  BuildSecret,
  ExportRequest,
  PullPolicy,
} from './types.js';
export { BUILDER_NAMES } from './types.js';
