export { DEFAULT_MAX_CONSECUTIVE_RUNS, formatFinding, lintDockerfile } from './lint-dockerfile.js';
export { findLintRule, lintRuleId, unknownLintRule, unknownLintRuleDetail } from './rule-ids.js';
export { LINT_RULES, type LintRuleId } from './rules.js';
export { findRunMounts, type RunMount } from './run-mounts.js';
export { SARIF_SCHEMA, type SarifLog, toSarif } from './sarif.js';
export type { LintContext, LintFinding, LintOptions, LintRuleInfo, RuleSeverity } from './types.js';
