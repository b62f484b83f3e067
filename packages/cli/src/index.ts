export type { CliIo } from './io.js';
export { EXIT, main } from './main.js';
