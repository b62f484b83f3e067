import type { Severity } from '../diagnostics.js';

/**
 * Read-only view of the build context, for the rules that depend on it (`missing-dockerignore`,
 * `wrapper-no-exec`). Paths are relative to the context root, `/`-separated, without a leading
 * `./` (e.g. `.dockerignore`, `scripts/entrypoint.sh`). The caller decides how they map to disk.
 */
export interface LintContext {
  /** Whether the context has a regular file at this path (false for directories). */
  hasFile(path: string): boolean;
  /** The file's text, or undefined when it does not exist or cannot be read as text. */
  readFile(path: string): string | undefined;
}

export interface LintOptions {
  /** Label keys the final stage must set (e.g. the catalog's OCI labels); enables `missing-label`. */
  readonly requiredLabels?: readonly string[];
  /** Expect every external FROM to be pinned by digest; enables `from-digest`. */
  readonly requireDigest?: boolean;
  /** The build context; enables `missing-dockerignore` and `wrapper-no-exec`. */
  readonly context?: LintContext;
  /** How many RUN instructions in a row are tolerated before `consecutive-run` fires. Default 2. */
  readonly maxConsecutiveRuns?: number;
  /** Rule ids to skip entirely (e.g. from a CLI flag). Unknown ids are ignored; validate with `findLintRule`. */
  readonly disabledRules?: readonly string[];
  /** Each rule's severity where it differs from its default (the catalog's `lint.rules`); `off` disables it. */
  readonly severities?: Readonly<Record<string, RuleSeverity>>;
}

/** A rule's configured severity: `off` turns the rule off. */
export type RuleSeverity = Severity | 'off';

/** One problem found in a Dockerfile. Line and column are 1-based, like editors show them. */
export interface LintFinding {
  /** The rule id, e.g. `from-latest`; see `LINT_RULES`. */
  readonly rule: string;
  readonly severity: Severity;
  /** One line: what is wrong and what to do instead. */
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** A rule's documentation, as listed in `LINT_RULES` and docs/lint-rules.md. */
export interface LintRuleInfo {
  readonly id: string;
  readonly severity: Severity;
  /** One line: what the rule reports. */
  readonly summary: string;
  /** Why it matters and what to do instead. */
  readonly rationale: string;
  /** The codes of hadolint's rules that report the same thing (`DL3042`): accepted wherever an id is. */
  readonly hadolint?: readonly string[];
  /** The option that enables the rule, when it is off by default. */
  readonly enabledBy?: 'requiredLabels' | 'requireDigest' | 'context';
}
