export interface UpstreamOptions {
  readonly lock?: string;
}

export interface VersionsOptions {
  readonly write?: boolean;
}
