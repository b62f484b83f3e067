export {
  listReleases,
  mirrorUrl,
  type ReleaseListing,
  type ReleaseSourceContext,
  type TagReader,
} from './release-sources.js';
export { type ImageVersions, upstreamVersions, writeCatalogVersions } from './upstream-versions.js';
