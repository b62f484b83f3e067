import type { ImageSpec } from '../catalog/model.js';
import type { Diagnostic } from '../diagnostics.js';
import { buildModel } from '../lint/dockerfile-model.js';

/** The build arg that names a node's compiled artifact image for its final stage (see artifact.ts). */
export const ARTIFACT_BUILD_ARG = 'ARTIFACT_IMAGE';

/**
 * Problems of an image's `artifact:` in one node's rendered Dockerfile: the stage must exist, must
 * not be the last one (the image is assembled after it), and the final stage must be able to take
 * the artifact through a global `ARG ARTIFACT_IMAGE`.
 */
export function artifactDiagnostics(image: ImageSpec, dockerfile: string, file: string, nodeId: string): Diagnostic[] {
  const artifact = image.artifact;
  if (!artifact) return [];
  const model = buildModel(dockerfile);
  const at = { file, path: [...image.path, 'artifact', 'stage'] };
  const problem = (code: string, message: string, hint: string): Diagnostic[] => [
    { code, severity: 'error', ...at, message: `${nodeId}: ${message}`, hint },
  ];
  const stage = model.stages.find((s) => s.name === artifact.stage.toLowerCase());
  if (!stage)
    return problem(
      'artifact-stage-missing',
      `the Dockerfile has no stage "${artifact.stage}"`,
      `name the stage that holds the compiled files (FROM ... AS ${artifact.stage}) or change artifact.stage`,
    );
  if (stage === model.final)
    return problem(
      'artifact-stage-final',
      `the artifact stage "${artifact.stage}" is the last stage`,
      'put the stage that assembles the image after it, taking the files FROM ${ARTIFACT_IMAGE}',
    );
  if (!model.globalArgs.has(ARTIFACT_BUILD_ARG))
    return problem(
      'artifact-arg-missing',
      `the Dockerfile declares no ARG ${ARTIFACT_BUILD_ARG} before its first FROM`,
      `add "ARG ${ARTIFACT_BUILD_ARG}" at the top and take the files with FROM \${${ARTIFACT_BUILD_ARG}} AS ...`,
    );
  return [];
}
