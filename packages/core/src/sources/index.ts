export {
  listSources,
  type MirrorSetting,
  type NodeSources,
  type SecurityArchiveUse,
  SOURCE_VARIABLES,
  type SourcesListing,
  variablePath,
} from './list-sources.js';
export type { CatalogRequirement, CatalogSource } from './parse-source.js';
