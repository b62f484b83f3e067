import type { Severity } from '../diagnostics.js';
import type { LintFinding, LintRuleInfo } from './types.js';

/** The SARIF 2.1.0 log of a lint run, for code scanning (GitHub, GitLab, Azure DevOps). */
export interface SarifLog {
  readonly $schema: string;
  readonly version: '2.1.0';
  readonly runs: readonly SarifRun[];
}

interface SarifRun {
  readonly tool: { readonly driver: SarifDriver };
  readonly originalUriBaseIds: Readonly<Record<string, { readonly description: { readonly text: string } }>>;
  readonly results: readonly SarifResult[];
}

interface SarifDriver {
  readonly name: string;
  readonly version: string;
  readonly rules: readonly SarifRule[];
}

interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  /** The codes of hadolint's rules that report the same thing, for teams coming from hadolint. */
  readonly properties?: { readonly hadolint: readonly string[] };
}

interface SarifResult {
  readonly ruleId: string;
  readonly ruleIndex: number;
  readonly level: SarifLevel;
  readonly message: { readonly text: string };
  readonly locations: readonly {
    readonly physicalLocation: {
      readonly artifactLocation: { readonly uri: string; readonly uriBaseId: string };
      readonly region: { readonly startLine: number; readonly startColumn: number };
    };
  }[];
}

type SarifLevel = 'error' | 'warning';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const BASE = '%SRCROOT%';

function level(severity: Severity): SarifLevel {
  return severity;
}

/** A rule id in PascalCase, the SARIF `name` convention: `apt-cleanup` → `AptCleanup`. */
function ruleName(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_m, _dash, ch: string) => ch.toUpperCase());
}

function sarifRule(rule: LintRuleInfo, severity: Severity): SarifRule {
  const hadolint = rule.hadolint && rule.hadolint.length > 0 ? rule.hadolint : undefined;
  const also = hadolint ? ` (hadolint: ${hadolint.join(', ')})` : '';
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.summary },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.summary}\n\n${rule.rationale}`,
      markdown: `**${rule.id}** (${severity})${also}: ${rule.summary}\n\n${rule.rationale}`,
    },
    defaultConfiguration: { level: level(severity) },
    ...(hadolint ? { properties: { hadolint } } : {}),
  };
}

/** Forward slashes and no leading `./`, as SARIF URIs relative to the source root are written. */
function relativeUri(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/');
}

/**
 * The SARIF log of the findings: every known rule (with its effective severity) in the driver,
 * every finding a result pointing at its file, line and column relative to the source root.
 */
export function toSarif(
  findings: readonly LintFinding[],
  rules: readonly LintRuleInfo[],
  options: { readonly version: string; readonly severities?: ReadonlyMap<string, Severity> },
): SarifLog {
  const index = new Map(rules.map((rule, k) => [rule.id, k]));
  const results = findings.map(
    (finding): SarifResult => ({
      ruleId: finding.rule,
      ruleIndex: index.get(finding.rule) ?? -1,
      level: level(finding.severity),
      message: { text: finding.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: relativeUri(finding.file), uriBaseId: BASE },
            region: { startLine: finding.line, startColumn: finding.column },
          },
        },
      ],
    }),
  );
  const driver: SarifDriver = {
    name: 'catalog-lint',
    version: options.version,
    rules: rules.map((rule) => sarifRule(rule, options.severities?.get(rule.id) ?? rule.severity)),
  };
  const originalUriBaseIds = { [BASE]: { description: { text: 'The folder catalog lint ran in' } } };
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs: [{ tool: { driver }, originalUriBaseIds, results }] };
}
