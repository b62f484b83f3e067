export { type EntryEdit, type Proposal, type ProposedVersion, proposeVersion, replaceVersion } from './entry-update.js';
export {
  normalizeProjectName,
  type ParsedIndex,
  parseDebianPackageIndex,
  parsePep503Html,
  parsePep691,
  parsePythonOrgFiles,
  parsePythonOrgReleases,
} from './index-formats.js';
export {
  debianUpstreamVersion,
  selectCandidates,
  type UpstreamFile,
  type UpstreamRelease,
  type VersionCandidate,
} from './releases.js';
export { writeVersions } from './write-versions.js';
