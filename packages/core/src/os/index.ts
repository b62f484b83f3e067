export { aptArchiveSource } from './debian/apt-sources.js';
export * from './debian/archive.js';
export { DEBIAN_ARCHIVE_SIGNATURE, debianFamily } from './debian/family.js';
export * from './debian/version.js';
export * from './families.js';
export type {
  HostSources,
  IndexFile,
  InstalledPackage,
  ManifestSignature,
  OsFamily,
  SecurityArchive,
  SecurityFix,
} from './family.js';
export * from './node-family.js';
export * from './packages.js';
export { familyDiagnostics } from './validate.js';
