export interface LintOptions {
  readonly requireDigest?: boolean;
}
