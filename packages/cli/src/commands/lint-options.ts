export const LINT_FORMATS = ['text', 'json', 'sarif'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

export interface LintOptions {
  readonly requireDigest?: boolean;
  readonly format: LintFormat;
  /** Rule ids to skip in this run (`--ignore RULE`, repeatable). */
  readonly ignore: readonly string[];
  /** Print the rules instead of linting. */
  readonly listRules?: boolean;
}

/** Commander's collector for a repeatable option. */
export function collect(value: string, previous: readonly string[]): string[] {
  return [...previous, ...value.split(',').filter((id) => id !== '')];
}
