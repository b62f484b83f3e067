export type { BlobSource, PushBlobOptions, PushBlobResult } from './blob-api.js';
export {
  authFileContent,
  type BuilderAuthFile,
  builderCredentials,
  removeStaleBuilderAuthFiles,
  withBuilderAuthFile,
  writeBuilderAuthFile,
} from './builder-auth-file.js';
export { type Challenge, parseChallenges } from './challenge.js';
export { DEFAULT_USER_AGENT, type PlatformOption, RegistryClient, type RegistryClientOptions } from './client.js';
export {
  CredentialHelperError,
  credentialsFromHelper,
  type HelperOutput,
  helperServer,
  IDENTITY_TOKEN_USERNAME,
  type RunCredentialHelper,
} from './credential-helper.js';
export {
  authFilePaths,
  type CredentialProvider,
  type Credentials,
  credentialsInAuthFile,
  credentialsInConfig,
  type DefaultCredentialOptions,
  defaultCredentialProvider,
  dockerConfigDir,
  PASSWORD_ENV,
  staticCredentials,
  USERNAME_ENV,
} from './credentials.js';
export { digestFile, digestOf } from './digest.js';
export {
  InvalidReferenceError,
  mayBeTagOverwriteRefusal,
  OciLayoutError,
  RegistryError,
  type RegistryErrorInit,
  type RegistryErrorKind,
} from './errors.js';
export { DEFAULT_PLATFORM, type PlatformDigest } from './image-api.js';
export { type IndexEntry, imageIndexBytes } from './image-index.js';
export { INSECURE_REGISTRIES_ENV, InsecureHosts, LOOPBACK_HOSTS, tlsVerifyFor } from './insecure-hosts.js';
export {
  type Descriptor,
  formatPlatform,
  type ImageConfig,
  type ImageIndex,
  type ImageManifest,
  isImageIndex,
  type Manifest,
  type Platform,
} from './manifest.js';
export type { FetchedManifest, ManifestDescriptor } from './manifest-api.js';
export {
  IMAGE_MANIFEST_MEDIA_TYPES,
  INDEX_MEDIA_TYPES,
  MANIFEST_ACCEPT,
  MANIFEST_MEDIA_TYPES,
  MediaType,
} from './media-types.js';
export type { PushOciLayoutOptions, PushOciLayoutResult } from './oci-layout.js';
export type { RateLimit } from './rate-limit.js';
export {
  canonicalHost,
  DOCKER_HUB,
  formatReference,
  parseReference,
  parseRepository,
  type RegistryReference,
  type RepositoryName,
} from './reference.js';
export {
  DEFAULT_REQUEST_TIMEOUT_MS,
  REQUEST_TIMEOUT_ENV,
  requestTimeoutFrom,
} from './request-deadline.js';
export type { RetryOptions } from './retry.js';
export type { ListTagsOptions } from './tag-api.js';
export type { ArtifactContent, ResolvedPlatforms } from './upstream-api.js';
