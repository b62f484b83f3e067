import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { ReportedFailure, renderNodes, UsageError } from '@catalog/core';
import {
  type LintOptions as CoreLintOptions,
  findLintRule,
  formatFinding,
  LINT_RULES,
  type LintFinding,
  lintDockerfile,
  type RuleSeverity,
  toSarif,
  unknownLintRule,
} from '@catalog/core/lint';
import { directoryLintContext, readTemplates, writeRendered } from '@catalog/runner';
import type { Command } from 'commander';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { DEFAULT_BUILD_DIR } from './build-options.js';
import { dockerfilesIn } from './lint-files.js';
import type { LintOptions } from './lint-options.js';
import { DEFAULT_RENDER_DIR } from './render-options.js';

export async function lintAction(files: string[], options: LintOptions, command: Command, io: CliIo): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  if (options.listRules) {
    listRules(globals, io);
    return;
  }
  const base = runOptions(options);
  const { findings, severities } =
    files.length > 0
      ? { findings: await lintFiles(files, base, io), severities: {} }
      : await lintCatalog(globals, base, io);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const summary = `${findings.length} finding${findings.length === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'})`;
  if (options.format === 'sarif') {
    const levels = new Map(Object.entries(severities).flatMap(([id, s]) => (s === 'off' ? [] : [[id, s] as const])));
    const version = command.parent?.version() ?? '0.0.0';
    writeJson(io.stdout, toSarif(findings, LINT_RULES, { version, severities: levels }));
  } else if (globals.json || options.format === 'json') {
    writeJson(io.stdout, { ok: errors === 0, errors, warnings: findings.length - errors, findings });
  } else {
    for (const finding of findings) writeLine(io.stdout, formatFinding(finding));
    writeLine(io.stdout, summary);
  }
  if (errors > 0) throw new ReportedFailure(summary);
}

/**
 * The lint options of this run: `--require-digest` and the rules `--ignore` names, by id or hadolint
 * code (checked: a typo or a code without counterpart is exit 2).
 */
function runOptions(options: LintOptions): CoreLintOptions {
  const disabledRules = options.ignore.map((id) => {
    const rule = findLintRule(id);
    if (rule !== undefined) return rule.id;
    const { message, hint } = unknownLintRule(id);
    throw new UsageError(`--ignore: ${message}`, hint);
  });
  return { disabledRules, ...(options.requireDigest ? { requireDigest: true } : {}) };
}

/** `--list-rules`: one line per rule (id, severity, hadolint codes, summary), or JSON. */
function listRules(globals: GlobalOptions, io: CliIo): void {
  const rules = LINT_RULES.map((rule) => ({
    id: rule.id,
    severity: rule.severity,
    hadolint: 'hadolint' in rule ? [...rule.hadolint] : [],
    summary: rule.summary,
  }));
  if (globals.json) {
    writeJson(io.stdout, rules);
    return;
  }
  const width = (pick: (r: (typeof rules)[number]) => string) => Math.max(...rules.map((r) => pick(r).length));
  const [id, severity, codes] = [width((r) => r.id), width((r) => r.severity), width((r) => r.hadolint.join(', '))];
  for (const rule of rules) {
    const cells = [rule.id.padEnd(id), rule.severity.padEnd(severity), rule.hadolint.join(', ').padEnd(codes)];
    writeLine(io.stdout, `${cells.join('  ')}  ${rule.summary}`);
  }
}

async function lintFiles(files: readonly string[], base: CoreLintOptions, io: CliIo): Promise<LintFinding[]> {
  const findings: LintFinding[] = [];
  for (const file of await dockerfilesIn(files, io.cwd)) {
    const path = resolve(io.cwd, file);
    const text = await readFile(path, 'utf8');
    findings.push(...lintDockerfile(text, file, { ...base, context: directoryLintContext(dirname(path)) }));
  }
  return findings;
}

/**
 * Renders the whole catalog to the default render folder and lints what was written, with the
 * rule severities of the catalog's `lint.rules`.
 */
async function lintCatalog(
  globals: GlobalOptions,
  base: CoreLintOptions,
  io: CliIo,
): Promise<{ findings: LintFinding[]; severities: Readonly<Record<string, RuleSeverity>> }> {
  const loaded = await loadCatalogFile(globals, io);
  const severities = loaded.catalog.lint.rules;
  const rendered = renderNodes(
    loaded,
    loaded.graph.order,
    await readTemplates(loaded.root, loaded.catalog, loaded.sourceMap),
  );
  const out = resolve(loaded.root, DEFAULT_RENDER_DIR);
  const written = await writeRendered(loaded.root, out, rendered, {
    skip: [resolve(loaded.root, DEFAULT_BUILD_DIR)],
    source: loaded,
  });
  const findings = rendered.flatMap((node, i) => {
    const dir = written[i]?.dir ?? join(out, node.outDir);
    const file = relative(io.cwd, join(dir, 'Dockerfile'));
    return lintDockerfile(node.dockerfile, file, {
      ...base,
      severities,
      requiredLabels: node.requiredLabels,
      context: directoryLintContext(dir),
    });
  });
  return { findings, severities };
}
