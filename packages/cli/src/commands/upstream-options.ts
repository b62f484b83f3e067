export interface UpstreamOptions {
  readonly lock?: string;
}
