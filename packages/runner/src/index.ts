export { dryRunCommands } from './build/dry-run.js';
export type { BuildEvent, BuildEventSink, BuildStep, NodeStatus } from './build/events.js';
export { inputHash, isHashedBuildArg } from './build/input-hash.js';
export { appendLedger, type LedgerEntry } from './build/ledger.js';
export { acquireRunLock, LockedError, type RunLock } from './build/lock.js';
export type { NodeJob, NodeResult } from './build/node-pipeline.js';
export type { BuildPorts, RegistryPort, RunCommand, SmokeTester, SmokeTestResult } from './build/ports.js';
export { PublishError, publishTags, type TagRecord } from './build/publish.js';
export { type BuildReport, type NodeReport, succeeded, summarize, writeReport } from './build/report.js';
export { type BuildRunInput, LAST_REPORT, prepareJobs, runBuild } from './build/run-build.js';
export { type RunQueueOptions, runQueue } from './build/run-queue.js';
export { type BuildRunSettings, inputHashLabel, localImageName } from './build/settings.js';
export { type ChangeRequest, type Changes, GitError, gitChanges } from './git-changes.js';
export { directoryLintContext } from './lint-context.js';
export { PARTIALS_DIR, readTemplates } from './read-templates.js';
export {
  type PublishedNodesRegistry,
  type PublishedTags,
  publishedNodes,
  publishedTags,
} from './registry-state.js';
export { type PublishedTestResult, type TestPublishedInput, testPublished } from './test-published.js';
export * from './upstream/index.js';
export { DOCS_WRITTEN_LIST, writeDocsSite } from './write-docs.js';
export { BUILD_FILE, type WrittenNode, writeRendered } from './write-render.js';
