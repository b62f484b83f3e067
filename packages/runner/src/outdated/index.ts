export { checkOutdated, type OutdatedRegistry, type OutdatedReport } from './check-outdated.js';
export { type ConsumerFile, consumerFiles } from './consumer-files.js';
export { pinnedAppBase } from './pin-app-base.js';
