import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NodeFailure } from './node-failure.js';
import type { BuildStepsInput, NodeJob, PipelineContext } from './node-pipeline.js';

/** The built image must carry every required label with a value (built-in check). */
export function checkLabels(job: NodeJob, config: Record<string, unknown>): void {
  const labels = (config as { config?: { Labels?: Record<string, string> } }).config?.Labels ?? {};
  const missing = job.rendered.requiredLabels.filter((key) => !labels[key]);
  if (missing.length > 0)
    throw new NodeFailure(`the image lacks labels: ${missing.join(', ')} (does the template include {{> labels}}?)`);
}

/** What the image contains: dpkg packages and, where Python is, `pip freeze` (its software bill of materials). */
export const SBOM_COMMAND = [
  'sh',
  '-c',
  'dpkg-query -W -f \'${Package} ${Version}\\n\' 2>/dev/null | sed "s/^/deb /"; if command -v python >/dev/null 2>&1; then python -m pip freeze --all 2>/dev/null | sed "s/^/pip /"; fi',
];

export async function recordSbom(
  job: NodeJob,
  context: PipelineContext,
  image: string,
  input: BuildStepsInput,
): Promise<void> {
  if (context.settings.skipTests) return;
  input.step('test', 'software bill of materials');
  const result = await context.ports.smokeTest(image, { name: 'sbom', run: SBOM_COMMAND }, { signal: input.signal });
  if (!result.ok)
    throw new NodeFailure('could not list the packages of the image', result.output.split('\n').slice(-10));
  const dir = join(context.settings.out, 'sbom');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${job.node.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.txt`), `${result.output.trim()}\n`);
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
