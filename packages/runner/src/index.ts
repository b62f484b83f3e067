export {
  AppBuildFailedError,
  type AppBuildInput,
  type AppBuildPorts,
  type AppBuildResult,
  appBuild,
} from './app/app-build.js';
export type { BuildEvent, BuildEventSink, BuildStep, NodeStatus } from './build/events.js';
export { inputHash, isHashedBuildArg } from './build/input-hash.js';
export { acquireRunLock, LockedError, type LockHolder, type RunLock, staleLockWarning } from './build/lock.js';
export type { NodeJob, NodeResult } from './build/node-pipeline.js';
export {
  type BuildPorts,
  type RegistryPort,
  type RunCommand,
  runStore,
  type SmokeTester,
  type SmokeTestResult,
} from './build/ports.js';
export { type PrepareStepOptions, runPrepareStep } from './build/prepare-step.js';
export { MAX_REVISION_ATTEMPTS, PublishError, type PublishSettings, publishTags } from './build/publish.js';
export { PublishLockedError, publishLockFile, withPublishLock } from './build/publish-lock.js';
export { type PublishReportsInput, publishReports } from './build/publish-reports.js';
export { type RealEdges, recordingPorts, recordingPublishPorts } from './build/recording-ports.js';
export { readReport, readReports, writeReport } from './build/report.js';
export { type BuildRunInput, prepareJobs, runBuild } from './build/run-build.js';
export { type RunQueueOptions, runQueue } from './build/run-queue.js';
export {
  fileRunStore,
  LAST_REPORT,
  type LedgerEntry,
  type RunStore,
  type TagRecord,
} from './build/run-store.js';
export { type BuildRunSettings, runFacts, type SupplySettings, workspaceKey } from './build/settings.js';
export { publishSupplyChain, type SupplyBuildFacts } from './build/supply-step.js';
export { type ChangeRequest, type Changes, GitError, gitChanges } from './git-changes.js';
export { directoryLintContext } from './lint-context.js';
export * from './outdated/index.js';
export { PARTIALS_DIR, readTemplates } from './read-templates.js';
export {
  type PublishedNodesRegistry,
  type PublishedTags,
  publishedNodes,
  publishedTags,
} from './registry-state.js';
export { ensureGeneratedKey, type GeneratedKey } from './signing-key.js';
export { publishedSupply } from './supply-state.js';
export { type PublishedTestResult, type TestPublishedInput, testPublished } from './test-published.js';
export * from './upstream/index.js';
export * from './verify/index.js';
export * from './versions/index.js';
export { DOCS_WRITTEN_LIST, writeDocsSite } from './write-docs.js';
export { BUILD_FILE, type WrittenNode, writeRendered } from './write-render.js';
