export * from './debian-index.js';
export * from './debian-version.js';
export * from './duration.js';
export * from './lock.js';
export * from './platforms.js';
export * from './select.js';
