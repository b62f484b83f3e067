export {
  type PinnedParent,
  pinnedParents,
  rebuildsDue,
  runUpstreamCheck,
  type UpstreamCheckInput,
  type UpstreamReport,
} from './check.js';
export { UpstreamError } from './errors.js';
export type { ImageFinding, ImageNote } from './image-checks.js';
export { readLock, writeLock } from './lock-file.js';
export {
  PACKAGE_LIST_ARTIFACT,
  PROVENANCE_ARTIFACT,
  packageListTag,
  provenanceTag,
  publishPackageList,
  publishProvenance,
  publishSbom,
  readPackageList,
  sbomTag,
} from './package-list.js';
export type { RegistryUpstreamStatus } from './registry-upstreams.js';
export { defaultCacheDir, type IndexRequest, type SecurityIndexOptions, securityIndex } from './security-index.js';
export {
  aptArchiveSite,
  aptSecuritySite,
  type FoundSecurityMirror,
  findSecurityMirror,
  hostSecuritySite,
  SECURITY_MIRROR_ENV,
  securityMirror,
  securityMirrorVariable,
} from './security-mirror.js';
export { type ArchiveKeyring, archiveKeyring, verifyManifest } from './signed-manifest.js';
