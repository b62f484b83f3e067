export { baseImageOf, componentVersions, LABEL_BUILD_ARGS, type Label, nodeLabels, nodeReference } from './labels.js';
export {
  type NodePrepareStep,
  type NodeSecuritySource,
  type NodeSmokeTest,
  nodePrepareStep,
  nodeSecuritySource,
  nodeSmokeTests,
} from './node-templates.js';
export type { TemplateSource } from './partials.js';
export {
  FAMILY_PARTIALS_DIR,
  familyPartials,
  familyPartialsDir,
  PARTIALS_DIR,
  partialFamilies,
  partialFamily,
  partialName,
  partialResolver,
} from './partials.js';
export {
  catalogMirrorArgs,
  type RenderCatalog,
  type RenderedFile,
  type RenderedNode,
  type RenderInputs,
  renderNodes,
} from './render.js';
export { dockerString, findUnsafeValues, unsafeReason } from './safe-values.js';
