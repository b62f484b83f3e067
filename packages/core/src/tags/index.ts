export { computeTags, type NodeTags, type TagPlan } from './compute.js';
export {
  decideTagMove,
  newestImmutableTag,
  nextRevision,
  type TagMoveAction,
  type TagMoveDecision,
  type TagMoveRequest,
} from './guard.js';
export { type TagOwner, tagOwner } from './node-of-tag.js';
export { type PublishableNode, type PublishScope, publishableNodes } from './publishable.js';
export { isImmutableTag, isValidTag } from './rules.js';
export { type PositionSource, tagDiagnostics } from './validate.js';
