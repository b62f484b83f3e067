import { checkAdd, checkDockerignore } from './check-add.js';
import { checkFrom } from './check-from.js';
import { checkHygiene, checkLabels } from './check-hygiene.js';
import { checkPackages } from './check-packages.js';
import { checkPip } from './check-pip.js';
import { checkProcess } from './check-process.js';
import { checkPipefail } from './check-run.js';
import { checkSecrets } from './check-secrets.js';
import { checkUser } from './check-user.js';
import { buildModel, type DockerfileModel, position } from './dockerfile-model.js';
import { findLintRule, lintRuleId } from './rule-ids.js';
import type { RuleHit } from './rules.js';
import { isSuppressed, parseSuppressions } from './suppress.js';
import type { LintFinding, LintOptions, RuleSeverity } from './types.js';

/** How many RUN instructions in a row `consecutive-run` tolerates by default. */
export const DEFAULT_MAX_CONSECUTIVE_RUNS = 2;

/**
 * Lints one Dockerfile against the best-practice rules in `LINT_RULES`. Pure: the text, the file
 * name to report, and (for context-dependent rules) a view of the build context are passed in.
 * Findings silenced by `# catalog-lint ignore=...` comments are left out; the result is sorted
 * by line, column and rule.
 */
export function lintDockerfile(text: string, file: string, options: LintOptions = {}): LintFinding[] {
  const model = buildModel(text);
  const { suppressions, hits: suppressionHits } = parseSuppressions(model);
  // Ids or hadolint codes: each counts for the rule it names.
  const severities = Object.fromEntries(Object.entries(options.severities ?? {}).map(([id, s]) => [lintRuleId(id), s]));
  const disabled = new Set((options.disabledRules ?? []).map(lintRuleId));
  for (const [id, severity] of Object.entries(severities)) if (severity === 'off') disabled.add(id);
  const hits = runChecks(model, file, options).filter((hit) => !isSuppressed(hit, suppressions));
  return [...hits, ...suppressionHits]
    .filter((hit) => !disabled.has(hit.rule))
    .map((hit) => toFinding(hit, file, severities[hit.rule]))
    .sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

function runChecks(model: DockerfileModel, file: string, options: LintOptions): RuleHit[] {
  const first = model.instructions[0];
  if (model.stages.length === 0) {
    const at = first ? position(first.getRange().start) : { line: 1, column: 1 };
    return [{ rule: 'missing-from', ...at, message: 'the Dockerfile has no FROM instruction' }];
  }
  const context = options.context;
  return [
    ...checkFrom(model, options),
    ...checkPackages(model),
    ...checkPip(model),
    ...checkPipefail(model),
    ...checkUser(model),
    ...checkProcess(model, context),
    ...checkAdd(model),
    ...checkSecrets(model),
    ...checkLabels(model, options.requiredLabels ?? []),
    ...checkHygiene(model, options.maxConsecutiveRuns ?? DEFAULT_MAX_CONSECUTIVE_RUNS),
    ...(context ? checkDockerignore(model, file, context) : []),
  ];
}

function toFinding(hit: RuleHit, file: string, configured: RuleSeverity | undefined): LintFinding {
  const severity =
    configured === 'error' || configured === 'warning' ? configured : (findLintRule(hit.rule)?.severity ?? 'error');
  return { rule: hit.rule, severity, message: hit.message, file, line: hit.line, column: hit.column };
}

/** `Dockerfile:3:1: error from-latest: FROM ubuntu:latest uses the mutable latest tag; pin a version tag` */
export function formatFinding(finding: LintFinding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.severity} ${finding.rule}: ${finding.message}`;
}
