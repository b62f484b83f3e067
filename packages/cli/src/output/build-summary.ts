import type { BuildReport } from '@catalog/core';
import { type Writable, writeLine } from '../io.js';

/** The end-of-run summary: built, up to date, skipped (why), failed (with the tail of the log). */
export function printSummary(out: Writable, report: BuildReport): void {
  writeLine(out);
  for (const node of report.nodes) {
    const tags = node.tags.length > 0 ? `  tags: ${node.tags.join(' ')}` : '';
    const digest = node.digest ? `  ${node.digest}` : '';
    const reason = node.reason ? `  (${node.reason})` : '';
    writeLine(out, `${node.status.padEnd(10)} ${node.id}${digest}${tags}${reason}`);
    if (node.status === 'failed' && node.tail && node.tail.length > 0) {
      for (const line of node.tail.slice(-15)) writeLine(out, `    | ${line}`);
      if (node.logFile) writeLine(out, `    full log: ${node.logFile}`);
    }
  }
  if (report.publishFailure) {
    writeLine(
      out,
      `tagging stopped at ${report.publishFailure.id}: ${report.publishFailure.message}; no tag moved after it`,
    );
  }
  const s = report.summary;
  const where = report.pushed ? `, pushed to ${report.registry}` : '';
  const interrupted = report.interrupted ? ' — interrupted; rerun to complete' : '';
  writeLine(
    out,
    `${s.built} built, ${s['up-to-date']} up to date, ${s.failed} failed, ${s.skipped} skipped in ${(report.durationMs / 1000).toFixed(1)}s${where}${interrupted}`,
  );
}
