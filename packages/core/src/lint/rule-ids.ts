import { closestMatch } from '../util/did-you-mean.js';
import { LINT_RULES } from './rules.js';
import type { LintRuleInfo } from './types.js';

const BY_ID: ReadonlyMap<string, LintRuleInfo> = new Map(LINT_RULES.map((rule) => [rule.id, rule]));
const BY_HADOLINT: ReadonlyMap<string, LintRuleInfo> = new Map(
  LINT_RULES.flatMap((rule) => ('hadolint' in rule ? rule.hadolint.map((code) => [code, rule] as const) : [])),
);

/**
 * The rule with this id, or with this hadolint code (`DL3042`, any case, for users coming from
 * hadolint), or undefined; use it to validate rule ids from users and `.id` for the rule's own id.
 */
export function findLintRule(id: string): LintRuleInfo | undefined {
  return BY_ID.get(id) ?? BY_HADOLINT.get(id.toUpperCase());
}

/** The rule's own id for an id or hadolint code; an unknown one is returned unchanged. */
export function lintRuleId(id: string): string {
  return findLintRule(id)?.id ?? id;
}

/** What follows `unknown lint rule "ID"`: why a hadolint code has no counterpart, or a did-you-mean. */
export function unknownLintRuleDetail(id: string): string {
  if (/^DL\d{4}$/i.test(id)) return `: hadolint's ${id.toUpperCase()} has no counterpart among catalog's lint rules`;
  const near = closestMatch(
    id,
    LINT_RULES.map((r) => r.id),
  );
  return near ? `; did you mean "${near}"?` : '';
}

/** The message and fix for an id `findLintRule` does not know. */
export function unknownLintRule(id: string): { message: string; hint: string } {
  return {
    message: `unknown lint rule "${id}"${unknownLintRuleDetail(id)}`,
    hint: '`catalog lint --list-rules` lists the rules and the hadolint codes they answer to, as does docs/lint-rules.md',
  };
}
