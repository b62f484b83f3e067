export * from './duration.js';
export * from './lock.js';
export * from './platforms.js';
export * from './select.js';
