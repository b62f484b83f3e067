import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { NodeStatus } from './events.js';

/** The machine-readable outcome of a run (`--report FILE`, `--json`, out/last-build.json). */
export interface BuildReport {
  readonly registry: string;
  readonly pushed: boolean;
  readonly interrupted: boolean;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly summary: Readonly<Record<NodeStatus, number>>;
  readonly nodes: readonly NodeReport[];
  /** What stopped the tag phase, when something did. */
  readonly publishFailure?: { readonly id: string; readonly message: string };
}

export interface NodeReport {
  readonly id: string;
  readonly status: NodeStatus;
  readonly reason?: string;
  readonly digest?: string;
  readonly tags: readonly string[];
  readonly inputHash?: string;
  readonly durationMs?: number;
  readonly logFile?: string;
  /** The end of the builder's log, for failures. */
  readonly tail?: readonly string[];
  /** Why the node was selected, for selections with reasons (`build --upstream-changed`). */
  readonly selectedBy?: string;
}

export function summarize(nodes: readonly NodeReport[]): Record<NodeStatus, number> {
  const summary: Record<NodeStatus, number> = { built: 0, 'up-to-date': 0, failed: 0, skipped: 0 };
  for (const node of nodes) summary[node.status]++;
  return summary;
}

/** Whether the run did everything it was asked: nothing failed, skipped or left untagged. */
export function succeeded(report: BuildReport): boolean {
  return !report.interrupted && report.summary.failed === 0 && report.summary.skipped === 0 && !report.publishFailure;
}

export async function writeReport(file: string, report: BuildReport): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}
