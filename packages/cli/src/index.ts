export { EXIT } from './exit-codes.js';
export type { CliIo } from './io.js';
export { main } from './main.js';
