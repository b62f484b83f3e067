import {
  type CatalogNode,
  type NodeSmokeTest,
  type OsFamily,
  osFamily,
  outputPlatform,
  type RenderedNode,
} from '@catalog/core';
import { configLabels, missingLabels, smokeTestImage } from '../image-tests.js';
import type { BuildStep } from './events.js';
import { NodeFailure } from './node-failure.js';
import { type BuildPorts, commandSink, runStore } from './ports.js';
import type { BuildRunSettings } from './settings.js';

// What the checks read of the pipeline's job, context and step input (NodeJob, PipelineContext and
// BuildStepsInput of node-pipeline.ts have them), named here so that this module does not import
// the pipeline that imports it.
interface CheckedJob {
  readonly node: Pick<CatalogNode, 'id' | 'platforms'>;
  readonly rendered: Pick<RenderedNode, 'requiredLabels' | 'family'>;
  readonly tests: readonly NodeSmokeTest[];
}

interface CheckContext {
  readonly settings: Pick<BuildRunSettings, 'out' | 'skipTests' | 'ledger' | 'onEvent'>;
  readonly ports: Pick<BuildPorts, 'registry' | 'smokeTest' | 'store'>;
}

interface CheckStepInput {
  readonly logFile: string;
  readonly signal: AbortSignal;
  readonly step: (name: BuildStep, detail?: string) => void;
}

/** The built image must carry every required label with a value (built-in check). */
export function checkLabels(job: CheckedJob, config: Record<string, unknown>): void {
  const missing = missingLabels(job.rendered.requiredLabels, configLabels(config));
  if (missing.length > 0)
    throw new NodeFailure(`the image lacks labels: ${missing.join(', ')} (does the template include {{> labels}}?)`);
}

/**
 * What the image contains: its OS family's packages (dpkg's on Debian) and, where Python is,
 * `pip freeze` (its software bill of materials).
 */
export function sbomCommand(family: OsFamily): string[] {
  const pip = 'if command -v python >/dev/null 2>&1; then python -m pip freeze --all 2>/dev/null | sed "s/^/pip /"; fi';
  return ['sh', '-c', `${family.packageList.command}; ${pip}`];
}

/** Records the package list of the built image of `platform` (one per platform for a node built for several). */
export async function recordSbom(
  job: CheckedJob,
  context: CheckContext,
  image: { readonly name: string; readonly platform: string },
  input: CheckStepInput,
): Promise<void> {
  if (context.settings.skipTests) return;
  input.step('test', 'software bill of materials');
  const result = await context.ports.smokeTest(
    image.name,
    { name: 'sbom', run: sbomCommand(osFamily(job.rendered.family)), printsOutput: true },
    { signal: input.signal, onCommand: commandSink(context, job) },
  );
  if (!result.ok)
    throw new NodeFailure('could not list the packages of the image', result.output.split('\n').slice(-10));
  const platform = outputPlatform(job.node, image.platform);
  await runStore(context).writeSbom(job.node.id, `${result.output.trim()}\n`, platform);
}

/** Runs the node's smoke tests in the local image, before anything is pushed. */
export async function runSmokeTests(
  job: CheckedJob,
  context: CheckContext,
  image: string,
  input: CheckStepInput,
): Promise<void> {
  if (context.settings.skipTests) return;
  const runs = await smokeTestImage(image, job.tests, context.ports.smokeTest, {
    signal: input.signal,
    logFile: input.logFile,
    onTest: (test) => input.step('test', test.name),
    onCommand: commandSink(context, job),
    stopAtFailure: true,
  });
  const failed = runs.find((run) => !run.result.ok);
  if (failed)
    throw new NodeFailure(`smoke test "${failed.test.name}" failed`, failed.result.output.split('\n').slice(-20));
}
