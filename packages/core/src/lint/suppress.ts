import type { DockerfileModel } from './dockerfile-model.js';
import { findLintRule, lintRuleId, unknownLintRuleDetail } from './rule-ids.js';
import type { RuleHit } from './rules.js';

/** Rules silenced on the lines of one instruction (1-based, inclusive). */
export interface Suppression {
  readonly rules: ReadonlySet<string>;
  readonly firstLine: number;
  readonly lastLine: number;
}

const MARKER = /^catalog-lint(\s|$)/;
const SYNTAX = /^catalog-lint\s+ignore=(\S+)(?:\s+(.*))?$/;
const USAGE = 'expected "# catalog-lint ignore=RULE[,RULE...] reason"';

/**
 * Reads `# catalog-lint ignore=RULE[,RULE2] reason` comments. Each silences its rules on the
 * next instruction (or on the instruction it sits in, for a comment between continuation lines).
 * Problems with the comments themselves are returned as hits.
 */
export function parseSuppressions(model: DockerfileModel): { suppressions: Suppression[]; hits: RuleHit[] } {
  const suppressions: Suppression[] = [];
  const hits: RuleHit[] = [];
  for (const comment of model.comments) {
    const content = comment.content;
    if (!MARKER.test(content)) continue;
    const at = { line: comment.line, column: 1 };
    const invalid = (message: string) => hits.push({ rule: 'suppression-invalid', ...at, message });
    const match = SYNTAX.exec(content);
    if (match === null) {
      invalid(`malformed suppression comment; ${USAGE}`);
      continue;
    }
    const ids = (match[1] ?? '').split(',').filter((id) => id !== '');
    const unknown = ids.filter((id) => findLintRule(id) === undefined);
    for (const id of unknown) invalid(`unknown rule "${id}" in suppression${unknownLintRuleDetail(id)}`);
    const target = targetOf(model, comment.line);
    if (target === undefined) invalid('suppression comment is not followed by an instruction');
    if ((match[2] ?? '').trim() === '') {
      hits.push({
        rule: 'suppression-no-reason',
        ...at,
        message: `suppression of ${ids.join(', ')} has no reason; ${USAGE}`,
      });
    }
    const known = ids.filter((id) => !unknown.includes(id));
    if (target && known.length > 0) suppressions.push({ rules: new Set(known.map(lintRuleId)), ...target });
  }
  return { suppressions, hits };
}

/** The instruction a comment applies to: the one it sits in, or the next one. */
function targetOf(model: DockerfileModel, line: number): { firstLine: number; lastLine: number } | undefined {
  const instruction = model.instructions.find((i) => i.getRange().end.line + 1 >= line);
  if (instruction === undefined) return undefined;
  return { firstLine: instruction.getRange().start.line + 1, lastLine: instruction.getRange().end.line + 1 };
}

export function isSuppressed(hit: RuleHit, suppressions: readonly Suppression[]): boolean {
  return suppressions.some((s) => s.rules.has(hit.rule) && hit.line >= s.firstLine && hit.line <= s.lastLine);
}
