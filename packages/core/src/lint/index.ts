export { DEFAULT_MAX_CONSECUTIVE_RUNS, formatFinding, lintDockerfile } from './lint-dockerfile.js';
export { findLintRule, LINT_RULES, type LintRuleId } from './rules.js';
export type { LintContext, LintFinding, LintOptions, LintRuleInfo } from './types.js';
