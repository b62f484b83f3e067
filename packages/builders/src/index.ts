export { runRmArgv } from './argv.js';
export type { Builder, BuildHooks, BuildResult, BuildStep, RunFn } from './builder.js';
export { buildCommands, createBuilder, stagingLayoutDir } from './builder.js';
export type { BuildNeeds, CapabilityProblem } from './capabilities.js';
export {
  assertCapabilities,
  assertRunMounts,
  checkCapabilities,
  formatCapabilityProblem,
  type RenderedDockerfile,
  runMountProblems,
} from './capabilities.js';
export {
  type AttestationType,
  COSIGN_INSTALL_HINT,
  type Cosign,
  type CosignSettings,
  type CosignVerifier,
  cosignAttestArgv,
  cosignGenerateKeyPairArgv,
  cosignSignArgv,
  cosignSignatureTag,
  cosignVerifyArgv,
  createCosign,
  runCosignQuery,
} from './cosign.js';
export type { DetectedBuilder } from './detect.js';
export { commandSucceeds, detectBuilder, findExecutable } from './detect.js';
export {
  BUILDAH_DEFAULTS,
  BUILDER_NAMES,
  type BuilderEngine,
  type BuilderName,
  buildahEngine,
  buildahSmokeArgv,
  createAdapter,
  dockerEngine,
  ENGINES,
  type EngineCommands,
  type EngineRequirement,
  engineNamed,
  isBuilderName,
  kanikoEngine,
  type ProbeFn,
  podmanEngine,
  type SmokeCommands,
  type SmokeTestSource,
  type SmokeTestSpec,
  type WhichFn,
} from './engines/index.js';
export { BuilderError } from './errors.js';
export { installHint } from './install-hints.js';
export type { OciLayoutImage } from './oci-layout.js';
export { blobPath, readOciConfig, readOciLayout } from './oci-layout.js';
export { processGone } from './process-group.js';
export { formatArgv, REDACTED, redactArgv, shellQuote } from './redact.js';
export type { OutputStream, ProcessResult, RunOptions } from './run-process.js';
export { runProcess } from './run-process.js';
export { type QueryOptions, type QueryResult, runQuery } from './run-query.js';
export { BUILDER_ENV, builderSettingsFromEnv, splitArgs } from './settings.js';
export {
  createSmokeTester,
  removeStaleTestContainers,
  type SmokeTester,
  type SmokeTestOutcome,
} from './smoke-test.js';
export type {
  BuilderAdapter,
  BuilderCapabilities,
  BuilderSettings,
  BuildRequest,
  BuildSecret,
  ExportRequest,
  PullPolicy,
} from './types.js';
