export { BuildQueue, publishableNodes, type QueueState, type SkippedNode } from './build-queue.js';
