export interface PublishOptions {
  readonly select?: readonly string[];
  readonly bakeMetadata?: string;
  readonly platform?: readonly string[];
  readonly allowDowngrade?: boolean;
  readonly dryRun?: boolean;
  readonly report?: string;
  readonly out?: string;
  /** false with --no-sign: the indexes it pushes stay unsigned. */
  readonly sign?: boolean;
}
