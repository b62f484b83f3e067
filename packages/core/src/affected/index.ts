export {
  type AffectedInput,
  type AffectedNode,
  type AffectedResult,
  affectedNodes,
  type ImageInputs,
  imageInputs,
} from './affected.js';
export { catalogDiff, type DiffSelection, deletedNodes, nodeEntries } from './catalog-diff.js';
