export { directoryLintContext } from './lint-context.js';
export { PARTIALS_DIR, readTemplates } from './read-templates.js';
export { BUILD_FILE, type WrittenNode, writeRendered } from './write-render.js';
