export interface PublishOptions {
  readonly select?: readonly string[];
  readonly bakeMetadata?: string;
  readonly allowDowngrade?: boolean;
  readonly dryRun?: boolean;
  readonly report?: string;
  readonly out?: string;
}
