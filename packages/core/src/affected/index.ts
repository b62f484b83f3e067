export { type AffectedInput, type AffectedNode, type AffectedResult, affectedNodes } from './affected.js';
export { catalogDiff, type DiffSelection, deletedNodes } from './catalog-diff.js';
