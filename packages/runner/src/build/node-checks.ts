import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type OsFamily, osFamily } from '@catalog/core';
import { publishPackageList } from '../upstream/package-list.js';
import { NodeFailure } from './node-failure.js';
import type { BuildStepsInput, NodeJob, PipelineContext } from './node-pipeline.js';

/** The built image must carry every required label with a value (built-in check). */
export function checkLabels(job: NodeJob, config: Record<string, unknown>): void {
  const labels = (config as { config?: { Labels?: Record<string, string> } }).config?.Labels ?? {};
  const missing = job.rendered.requiredLabels.filter((key) => !labels[key]);
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

export async function recordSbom(
  job: NodeJob,
  context: PipelineContext,
  image: string,
  input: BuildStepsInput,
): Promise<void> {
  if (context.settings.skipTests) return;
  input.step('test', 'software bill of materials');
  const result = await context.ports.smokeTest(
    image,
    { name: 'sbom', run: sbomCommand(osFamily(job.rendered.family)) },
    { signal: input.signal },
  );
  if (!result.ok)
    throw new NodeFailure('could not list the packages of the image', result.output.split('\n').slice(-10));
  const dir = join(context.settings.out, 'sbom');
  await mkdir(dir, { recursive: true });
  await writeFile(sbomFile(context, job), `${result.output.trim()}\n`);
}

function sbomFile(context: PipelineContext, job: NodeJob): string {
  return join(context.settings.out, 'sbom', `${job.node.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.txt`);
}

/**
 * Stores the bill of materials this run recorded next to the pushed image in the registry, with
 * the publish time (`catalog upstream check` compares its Debian packages with the security suite).
 */
export async function publishBillOfMaterials(
  job: NodeJob,
  context: PipelineContext,
  repository: string,
  digest: string,
): Promise<void> {
  const push = context.ports.registry.pushArtifact;
  if (context.settings.skipTests || !push) return;
  const text = await readFile(sbomFile(context, job), 'utf8').catch(() => undefined);
  if (text === undefined) return;
  const writer = { pushArtifact: push.bind(context.ports.registry) };
  await publishPackageList(writer, repository, digest, text, new Date()).catch((error: unknown) => {
    throw new NodeFailure(`could not store the package list of ${repository}@${digest}: ${(error as Error).message}`);
  });
}

/** Runs the node's smoke tests in the local image, before anything is pushed. */
export async function runSmokeTests(
  job: NodeJob,
  context: PipelineContext,
  image: string,
  input: BuildStepsInput,
): Promise<void> {
  if (context.settings.skipTests) return;
  for (const test of job.tests) {
    input.step('test', test.name);
    const result = await context.ports.smokeTest(image, test, { signal: input.signal, logFile: input.logFile });
    if (!result.ok) throw new NodeFailure(`smoke test "${test.name}" failed`, result.output.split('\n').slice(-20));
  }
}
