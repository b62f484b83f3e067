export { BuildQueue, type QueueState, type SkippedNode } from './build-queue.js';
