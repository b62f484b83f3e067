import { resolve } from 'node:path';
import { formatDiagnostic, type OutdatedEntry, ReportedFailure } from '@catalog/core';
import { checkOutdated, consumerFiles, type OutdatedReport } from '@catalog/runner';
import type { Command } from 'commander';
import { withCommandSignal } from '../command-signal.js';
import { EXIT } from '../exit-codes.js';
import { type CliIo, type GlobalOptions, writeJson, writeLine } from '../io.js';
import { loadCatalogFile } from '../load.js';
import { registryClient } from '../registry-client.js';
import { DEFAULT_BUILD_DIR } from './build-options.js';
import { DEFAULT_OUTDATED_PATHS, type OutdatedOptions } from './outdated-options.js';

export async function outdatedAction(
  paths: string[],
  options: OutdatedOptions,
  command: Command,
  io: CliIo,
): Promise<void> {
  const globals = command.optsWithGlobals<GlobalOptions>();
  const { catalog, root } = await loadCatalogFile(globals, io);
  // The catalog's own output (rendered Dockerfiles FROM ${BASE_IMAGE}) is not an app's.
  const skip = [resolve(root, DEFAULT_BUILD_DIR)];
  const files = await consumerFiles(paths.length > 0 ? paths : DEFAULT_OUTDATED_PATHS, io.cwd, { skip });
  const report = await withCommandSignal((signal) =>
    checkOutdated(catalog, files, registryClient(io, signal, { retry: { attempts: 2 } }), {
      write: options.write === true,
    }),
  );
  if (globals.json) writeJson(io.stdout, jsonOf(report));
  else printReport(report, options, io);
  if (report.problems.length > 0) {
    throw new ReportedFailure(`${report.problems.length} references could not be checked`, EXIT.failed);
  }
  const behind = report.entries.filter((e) => e.status !== 'current' && !report.written.includes(e.file));
  const stale = report.entries.some((e) => e.status === 'retired' || e.newerVersion !== null);
  if (behind.length > 0 || stale) throw new ReportedFailure('references are behind', EXIT.behind);
}

function jsonOf(report: OutdatedReport) {
  return {
    registry: report.registry,
    files: report.files,
    references: report.entries.map(({ offset: _offset, ...entry }) => entry),
    errors: report.problems,
    written: report.written,
  };
}

function printReport(report: OutdatedReport, options: OutdatedOptions, io: CliIo): void {
  for (const entry of report.entries) {
    writeLine(
      io.stdout,
      `${entry.file}:${entry.line}:${entry.column}  ${entry.reference}  ${entry.status.toUpperCase()}`,
    );
    for (const line of details(entry, options)) writeLine(io.stdout, `    ${line}`);
  }
  for (const problem of report.problems) writeLine(io.stderr, formatDiagnostic(problem));
  for (const file of report.written) writeLine(io.stdout, `wrote ${file}`);
  if (options.write && report.problems.length > 0) {
    writeLine(io.stderr, 'catalog: nothing written: fix the references above first');
  }
  writeLine(io.stdout, summary(report));
}

function details(entry: OutdatedEntry, options: OutdatedOptions): string[] {
  const now = entry.resolvesTo.tag ? `${entry.resolvesTo.digest} (${entry.resolvesTo.tag})` : entry.resolvesTo.digest;
  const lines = [`resolves to ${now}`, ...entry.notes];
  if (entry.update) lines.push(`${options.write ? 'pinned' : '--write pins'} ${entry.update}`);
  return lines;
}

function summary(report: OutdatedReport): string {
  const count = (status: OutdatedEntry['status']) => report.entries.filter((e) => e.status === status).length;
  const files = `${report.files} file${report.files === 1 ? '' : 's'}`;
  if (report.entries.length === 0 && report.problems.length === 0) {
    return `no reference to ${report.registry} in ${files}`;
  }
  const rolling = report.entries.filter((e) => e.status === 'current' && e.pin === 'rolling').length;
  const parts = [
    `${count('behind')} behind`,
    `${count('retired')} retired`,
    `${count('current')} current${rolling > 0 ? ` (${rolling} on rolling tags)` : ''}`,
    ...(report.problems.length > 0 ? [`${report.problems.length} not checked`] : []),
  ];
  return `${report.entries.length + report.problems.length} references to ${report.registry} in ${files}: ${parts.join(', ')}`;
}
