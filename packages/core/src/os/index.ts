export * from './debian/archive.js';
export { debianFamily } from './debian/family.js';
export * from './debian/version.js';
export * from './families.js';
export type { HostSources, IndexFile, InstalledPackage, OsFamily, SecurityArchive, SecurityFix } from './family.js';
export * from './node-family.js';
export * from './packages.js';
export { familyDiagnostics } from './validate.js';
